<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

/** One sign-in of an admin or a customer (see App\Auth\AccessTokens). */
class PersonalAccessToken extends Model
{
    protected $fillable = ['name', 'token'];

    protected $hidden = ['token'];

    protected $casts = ['last_used_at' => 'datetime'];

    public function tokenable()
    {
        return $this->morphTo();
    }
}
