<?php

namespace App\Http\Controllers\Admin;

use App\Models\TicketTag;

/** Contract v3: the tags in use, most used first, for the panel's suggestions and filter. */
class TagController
{
    public function index()
    {
        $tags = TicketTag::query()
            ->selectRaw('name, count(*) as count')
            ->groupBy('name')
            ->orderByDesc('count')->orderBy('name')
            ->get()
            ->map(fn (TicketTag $t) => ['name' => $t->name, 'count' => (int) $t->count]);

        return ['data' => $tags];
    }
}
