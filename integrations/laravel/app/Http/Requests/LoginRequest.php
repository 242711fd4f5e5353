<?php

namespace App\Http\Requests;

use Illuminate\Database\Eloquent\Model;
use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Support\Facades\Hash;
use Illuminate\Support\Str;
use Illuminate\Validation\ValidationException;

/** An admin's or a customer's sign-in: `{email, password, device_name?}`. */
class LoginRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'email' => 'required|string|email|max:255',
            'password' => 'required|string|max:255',
            'device_name' => 'nullable|string|max:255',
        ];
    }

    /** The user of `$model` with these credentials, or a 422. */
    public function authenticate(string $model): Model
    {
        $user = $model::where('email', $this->input('email'))->first();
        if (! $user || ! Hash::check($this->input('password'), $user->password)) {
            throw ValidationException::withMessages(['email' => __('auth.failed')]); // 422
        }

        return $user;
    }

    /** The token's name: the app's `device_name`, else the browser's User-Agent. */
    public function deviceName(): string
    {
        $name = $this->input('device_name') ?: $this->userAgent() ?: 'unknown device';

        return Str::substr($name, 0, 255);
    }
}
