<?php

namespace App\Models;

use Illuminate\Foundation\Auth\User as Authenticatable;
use Illuminate\Support\Str;

class Admin extends Authenticatable
{
    protected $fillable = ['name', 'email', 'password'];

    protected $hidden = ['password', 'api_token'];

    /**
     * A new bearer token; only its SHA-256 is stored (the token guard's
     * `'hash' => true`). One token per admin: signing in again ends the
     * previous session (Sanctum, in Laravel 11/12, keeps one per device).
     */
    public function issueToken(): string
    {
        $token = Str::random(60);
        $this->forceFill(['api_token' => hash('sha256', $token)])->save();

        return $token;
    }

    public function revokeToken(): void
    {
        $this->forceFill(['api_token' => null])->save();
    }

    public function cannedReplies()
    {
        return $this->hasMany(CannedReply::class, 'owner_id');
    }
}
