<?php

namespace App\Http\Controllers\Admin;

use App\Events\MentionCreated;
use App\Events\NoteAdded;
use App\Http\Requests\StoreNoteRequest;
use App\Http\Resources\MessageResource;
use App\Models\SupportMessage;
use App\Models\SupportTicket;

/** Contract v2 internal notes: allowed on closed tickets too. */
class NoteController
{
    public function store(StoreNoteRequest $request, SupportTicket $ticket)
    {
        $admin = $request->user();
        $mentions = array_map('intval', $request->input('mentions', []));
        $note = $ticket->post([
            'type' => SupportMessage::NOTE,
            'message' => $request->input('body'),
            'is_from_admin' => true,
            'is_read' => false,
            'sender_name' => $admin->name,
        ], $request->file('attachments', []), $mentions, $admin);

        broadcast(new NoteAdded($note))->toOthers();
        // One event per mention row, so the panel can mark that one read (v3 `mentions_list`).
        foreach ($note->mentionEntries as $mention) {
            broadcast(new MentionCreated($mention, $admin))->toOthers();
        }

        return (new MessageResource($note->load(['attachments', 'mentions'])))->response()->setStatusCode(201);
    }
}
