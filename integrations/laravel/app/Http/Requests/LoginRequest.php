<?php

namespace App\Http\Requests;

use Illuminate\Database\Eloquent\Model;
use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Http\Exceptions\ThrottleRequestsException;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Hash;
use Illuminate\Support\Facades\RateLimiter;
use Illuminate\Support\Str;
use Illuminate\Validation\ValidationException;

/** An admin's or a customer's sign-in: `{email, password, device_name?}`. */
class LoginRequest extends FormRequest
{
    /** Failed sign-ins allowed for one email from one IP address each minute. */
    private const MAX_ATTEMPTS = 5;

    public function rules(): array
    {
        return [
            'email' => 'required|string|email|max:255',
            'password' => 'required|string|max:255',
            'device_name' => 'nullable|string|max:255',
        ];
    }

    /**
     * The user of `$model` with these credentials; else a 422, and a 429
     * (with Retry-After) once this email has failed five times in a minute
     * from this address. A success clears the count, as Fortify's does.
     */
    public function authenticate(string $model): Model
    {
        $key = $this->throttleKey($model);
        if (RateLimiter::tooManyAttempts($key, self::MAX_ATTEMPTS)) {
            $seconds = RateLimiter::availableIn($key);
            throw new ThrottleRequestsException(
                __('auth.throttle', ['seconds' => $seconds]), null, ['Retry-After' => $seconds]);
        }

        $user = $model::where('email', $this->input('email'))->first();
        $matches = Hash::check($this->input('password'), $user->password ?? $this->noSuchUserHash());
        if (! $user || ! $matches) {
            RateLimiter::hit($key, 60);
            throw ValidationException::withMessages(['email' => __('auth.failed')]); // 422
        }
        RateLimiter::clear($key);

        return $user;
    }

    /** The token's name: the app's `device_name`, else the browser's User-Agent. */
    public function deviceName(): string
    {
        $name = $this->input('device_name') ?: $this->userAgent() ?: 'unknown device';

        return Str::substr($name, 0, 255);
    }

    /**
     * A bcrypt hash of a random password nobody has, at the cost that
     * config/hashing.php gives real users. An unknown email is checked
     * against it, so it costs the same bcrypt work as a wrong password and
     * the time of the answer does not tell which emails have an account.
     * Made once per cost and kept in the cache: making it on each request
     * would double the work and give the unknown email away again.
     */
    private function noSuchUserHash(): string
    {
        $rounds = config('hashing.bcrypt.rounds');

        return Cache::rememberForever("login:no-such-user-hash:$rounds",
            fn () => Hash::make(Str::random(40), ['rounds' => $rounds]));
    }

    /** Per side (admin or customer), email (in any case) and IP address. */
    private function throttleKey(string $model): string
    {
        return 'login|'.class_basename($model).'|'.Str::lower($this->input('email')).'|'.$this->ip();
    }
}
