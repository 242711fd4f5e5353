<?php

namespace App\Models;

use Illuminate\Foundation\Auth\User as Authenticatable;
use Illuminate\Support\Str;

class Customer extends Authenticatable
{
    protected $fillable = ['name', 'email', 'password'];

    protected $hidden = ['password', 'api_token'];

    /** See Admin::issueToken(). */
    public function issueToken(): string
    {
        $token = Str::random(60);
        $this->forceFill(['api_token' => hash('sha256', $token)])->save();

        return $token;
    }

    public function tickets()
    {
        return $this->hasMany(SupportTicket::class);
    }
}
