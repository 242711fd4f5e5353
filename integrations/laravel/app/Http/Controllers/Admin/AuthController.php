<?php

namespace App\Http\Controllers\Admin;

use App\Http\Requests\LoginRequest;
use App\Http\Resources\AdminResource;
use App\Models\Admin;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Hash;
use Illuminate\Validation\ValidationException;

class AuthController
{
    public function login(LoginRequest $request)
    {
        $admin = Admin::where('email', $request->input('email'))->first();
        if (! $admin || ! Hash::check($request->input('password'), $admin->password)) {
            throw ValidationException::withMessages(['email' => __('auth.failed')]); // 422
        }

        return ['token' => $admin->issueToken(), 'admin' => new AdminResource($admin)];
    }

    public function me(Request $request)
    {
        return new AdminResource($request->user()); // {"data":{...}}
    }

    public function logout(Request $request)
    {
        $request->user()->revokeToken();

        return response()->noContent(); // 204
    }
}
