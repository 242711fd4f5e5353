<?php

return [
    // Idempotency keys and their locks, and the rate limiter, live here. The
    // file store is shared by every PHP worker and supports locks.
    'default' => env('CACHE_DRIVER', 'file'),

    'stores' => [
        'file' => ['driver' => 'file', 'path' => storage_path('framework/cache/data')],
        'array' => ['driver' => 'array', 'serialize' => false],
    ],

    'prefix' => 'mesa_cache',
];
