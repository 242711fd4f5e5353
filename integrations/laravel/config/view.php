<?php

// The API renders no views; the pagination provider still registers its own.
return [
    'paths' => [resource_path('views')],
    'compiled' => storage_path('framework/views'),
];
