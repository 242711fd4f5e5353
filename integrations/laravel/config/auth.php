<?php

use App\Models\Admin;
use App\Models\Customer;

/*
 * Laravel 8's built-in token guard (Laravel 11/12 teams use Sanctum): each
 * user has one `api_token`, stored as its SHA-256 (`'hash' => true`). Admins
 * and customers live in their own tables behind their own guards, so a
 * customer's token opens nothing on the admin API.
 */
return [
    'defaults' => [
        'guard' => 'admin',
        'passwords' => null,
    ],

    'guards' => [
        'admin' => ['driver' => 'token', 'provider' => 'admins', 'hash' => true],
        'customer' => ['driver' => 'token', 'provider' => 'customers', 'hash' => true],
    ],

    'providers' => [
        'admins' => ['driver' => 'eloquent', 'model' => Admin::class],
        'customers' => ['driver' => 'eloquent', 'model' => Customer::class],
    ],
];
