<?php

return [
    'default' => env('DB_CONNECTION', 'sqlite'),

    'connections' => [
        'sqlite' => [
            'driver' => 'sqlite',
            'database' => env('DB_DATABASE', database_path('database.sqlite')),
            'prefix' => '',
            'foreign_key_constraints' => true,
            // SQLite writes one at a time: with several PHP workers (and the
            // scheduler) a write waits up to this many seconds for the lock
            // rather than failing at once with "database is locked" (see
            // SupportTicket::writeFirst for transactions).
            'options' => [PDO::ATTR_TIMEOUT => 10],
        ],
    ],

    'migrations' => 'migrations',
];
