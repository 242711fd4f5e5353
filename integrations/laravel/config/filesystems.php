<?php

return [
    'default' => 'local',

    'disks' => [
        // Attachments: private, served only through temporary signed URLs.
        'local' => ['driver' => 'local', 'root' => storage_path('app')],
    ],
];
