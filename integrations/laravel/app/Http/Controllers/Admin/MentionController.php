<?php

namespace App\Http\Controllers\Admin;

use App\Http\Resources\MentionResource;
use Illuminate\Http\Request;

/**
 * Contract v3 `mentions_list`: the signed-in admin's mentions, so one made
 * while they were away is there when they come back.
 */
class MentionController
{
    public function index(Request $request)
    {
        $query = $request->validate([
            'unread' => 'nullable|boolean',
            'page' => 'nullable|integer|min:1',
            'per_page' => 'nullable|integer|min:1|max:100',
        ]);

        $mentions = $request->user()->mentions()
            ->with(['message.attachments', 'message.mentions', 'by'])
            ->when($request->boolean('unread'), fn ($m) => $m->whereNull('read_at'))
            ->orderByDesc('id')               // newest first; ids grow with time
            ->paginate((int) ($query['per_page'] ?? 20))->withQueryString();

        return MentionResource::collection($mentions);
    }

    /** Marks one read; another admin's mention does not exist for this one (404). */
    public function read(Request $request, int $mention)
    {
        $mention = $request->user()->mentions()->findOrFail($mention);
        if ($mention->read_at === null) {
            $mention->update(['read_at' => now()]);   // the first reading is the one kept
        }

        return response()->noContent();
    }
}
