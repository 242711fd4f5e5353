<?php

namespace App\Models;

use App\Models\Concerns\HasAccessTokens;
use Illuminate\Foundation\Auth\User as Authenticatable;

class Customer extends Authenticatable
{
    use HasAccessTokens;

    protected $fillable = ['name', 'email', 'password'];

    protected $hidden = ['password'];

    public function tickets()
    {
        return $this->hasMany(SupportTicket::class);
    }
}
