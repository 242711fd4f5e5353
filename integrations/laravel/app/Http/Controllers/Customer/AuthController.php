<?php

namespace App\Http\Controllers\Customer;

use App\Auth\AccessTokens;
use App\Http\Requests\LoginRequest;
use App\Models\Customer;
use Illuminate\Http\Request;

/** How the customer app gets a token (outside the seed; as the dev server does it). */
class AuthController
{
    public function login(LoginRequest $request, AccessTokens $tokens)
    {
        $customer = $request->authenticate(Customer::class);

        return ['token' => $tokens->issue($customer, $request->deviceName()),
                'customer' => $customer->only(['id', 'name', 'email'])];
    }

    public function logout(Request $request, AccessTokens $tokens)
    {
        // This phone's sign-in only, as for admins.
        $tokens->revoke($request->user()->currentAccessToken());

        return response()->noContent();
    }
}
