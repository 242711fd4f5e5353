<?php

use App\Models\Admin;
use App\Models\Customer;

/*
 * Bearer tokens, one per sign-in, as Sanctum's personal access tokens (which
 * Laravel 11/12 teams use; Debian's Laravel 8 has no Sanctum, so the app's
 * own `access-token` driver does the same: App\Auth). Admins and customers
 * live in their own tables behind their own guards, so a customer's token
 * opens nothing on the admin API.
 */
return [
    'defaults' => [
        'guard' => 'admin',
        'passwords' => null,
    ],

    'guards' => [
        'admin' => ['driver' => 'access-token', 'provider' => 'admins'],
        'customer' => ['driver' => 'access-token', 'provider' => 'customers'],
    ],

    'providers' => [
        'admins' => ['driver' => 'eloquent', 'model' => Admin::class],
        'customers' => ['driver' => 'eloquent', 'model' => Customer::class],
    ],
];
