<?php

namespace App\Http\Controllers\Customer;

use App\Http\Requests\LoginRequest;
use App\Models\Customer;
use Illuminate\Support\Facades\Hash;
use Illuminate\Validation\ValidationException;

/** How the customer app gets a token (outside the seed; as the dev server does it). */
class AuthController
{
    public function login(LoginRequest $request)
    {
        $customer = Customer::where('email', $request->input('email'))->first();
        if (! $customer || ! Hash::check($request->input('password'), $customer->password)) {
            throw ValidationException::withMessages(['email' => __('auth.failed')]);
        }

        return ['token' => $customer->issueToken(),
                'customer' => $customer->only(['id', 'name', 'email'])];
    }
}
