<?php

namespace App\Http\Controllers\Admin;

use App\Auth\AccessTokens;
use App\Http\Requests\LoginRequest;
use App\Http\Resources\AdminResource;
use App\Models\Admin;
use Illuminate\Http\Request;

class AuthController
{
    public function login(LoginRequest $request, AccessTokens $tokens)
    {
        $admin = $request->authenticate(Admin::class); // 422, or 429 when throttled

        return ['token' => $tokens->issue($admin, $request->deviceName()), 'admin' => new AdminResource($admin)];
    }

    public function me(Request $request)
    {
        return new AdminResource($request->user()); // {"data":{...}}
    }

    public function logout(Request $request, AccessTokens $tokens)
    {
        // Only this request's token: the admin's other devices stay signed in.
        $tokens->revoke($request->user()->currentAccessToken());

        return response()->noContent(); // 204
    }
}
