<?php

namespace App\Models;

use App\Models\Concerns\HasAccessTokens;
use Illuminate\Foundation\Auth\User as Authenticatable;

class Admin extends Authenticatable
{
    use HasAccessTokens;

    protected $fillable = ['name', 'email', 'password'];

    protected $hidden = ['password'];

    public function cannedReplies()
    {
        return $this->hasMany(CannedReply::class, 'owner_id');
    }

    public function savedViews()
    {
        return $this->hasMany(SavedView::class, 'owner_id');
    }

    /** The notes that named this admin (contract v3 `mentions_list`). */
    public function mentions()
    {
        return $this->hasMany(Mention::class, 'admin_id');
    }
}
