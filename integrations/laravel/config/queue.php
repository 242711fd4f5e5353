<?php

/*
 * `sync` runs each broadcast inside the request that caused it: right for
 * this reference app, which has no worker. Production uses `redis` or
 * `database` and `php artisan queue:work --queue=broadcasts,default`, so a
 * reply never waits for the Pusher server (docs/laravel.md, "The queue worker").
 */
return [
    'default' => env('QUEUE_CONNECTION', 'sync'),

    'connections' => [
        'sync' => ['driver' => 'sync'],
    ],

    'failed' => ['driver' => 'null'],
];
