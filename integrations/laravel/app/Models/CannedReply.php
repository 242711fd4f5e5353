<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Builder;
use Illuminate\Database\Eloquent\Model;

class CannedReply extends Model
{
    protected $fillable = ['title', 'shortcut', 'body', 'shared'];

    protected $casts = ['owner_id' => 'integer', 'shared' => 'boolean'];

    /** What an admin may use: their own and every shared one. */
    public function scopeVisibleTo(Builder $query, Admin $admin): Builder
    {
        return $query->where(fn ($q) => $q->where('owner_id', $admin->id)->orWhere('shared', true));
    }
}
