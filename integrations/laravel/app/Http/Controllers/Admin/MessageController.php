<?php

namespace App\Http\Controllers\Admin;

use App\Events\DeskMessageSent;
use App\Events\SupportMessageSent;
use App\Http\Requests\MessagePageRequest;
use App\Http\Requests\StoreMessageRequest;
use App\Http\Resources\MessageResource;
use App\Models\SupportTicket;
use Illuminate\Validation\ValidationException;

class MessageController
{
    /** Paging through a thread: oldest first, and whether more lie beyond. */
    public function index(MessagePageRequest $request, SupportTicket $ticket)
    {
        [$messages, $hasMore] = $ticket->thread(
            withNotes: true,
            limit: (int) $request->input('limit', 50),
            beforeId: $request->filled('before_id') ? (int) $request->input('before_id') : null,
            afterId: $request->filled('after_id') ? (int) $request->input('after_id') : null,
        );

        return MessageResource::collection($messages)->additional(['meta' => ['has_more' => $hasMore]]);
    }

    /** An admin's reply; behind the `idempotent` middleware. */
    public function store(StoreMessageRequest $request, SupportTicket $ticket)
    {
        if ($ticket->merged_into !== null) {     // its conversation goes on in the target
            throw ValidationException::withMessages(['message' => __('validation.ticket_merged')]); // 422
        }
        if ($ticket->status !== 'open') {
            throw ValidationException::withMessages(['message' => __('validation.ticket_closed')]); // 422
        }
        $message = $ticket->post([
            'message' => $request->input('message'),
            'is_from_admin' => true,
            'sender_name' => $request->user()->name,
        ], $request->file('attachments', []));
        // After the transaction: no client hears of a message it cannot fetch yet.
        // The admins' copy carries the summary: the reply ended the customer's wait.
        broadcast(new SupportMessageSent($message))->toOthers();
        broadcast(new DeskMessageSent($message))->toOthers();

        return (new MessageResource($message->load(['attachments', 'mentions'])))->response()->setStatusCode(201);
    }
}
