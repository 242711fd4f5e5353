<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Builder;
use Illuminate\Database\Eloquent\Model;

/** Contract v3 saved views: a named set of the ticket list's filters. */
class SavedView extends Model
{
    protected $fillable = ['name', 'filters', 'shared', 'position'];

    protected $casts = ['owner_id' => 'integer', 'filters' => 'array', 'shared' => 'boolean',
                        'position' => 'integer'];

    /** What an admin sees: their own and every shared one. */
    public function scopeVisibleTo(Builder $query, Admin $admin): Builder
    {
        return $query->where(fn ($q) => $q->where('owner_id', $admin->id)->orWhere('shared', true));
    }
}
