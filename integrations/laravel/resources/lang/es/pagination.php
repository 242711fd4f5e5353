<?php

// The labels of the paginator's meta.links.
return [
    'previous' => '&laquo; Anterior',
    'next' => 'Siguiente &raquo;',
];
