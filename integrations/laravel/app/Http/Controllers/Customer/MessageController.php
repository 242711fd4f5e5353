<?php

namespace App\Http\Controllers\Customer;

use App\Events\SupportMessageSent;
use App\Events\TicketUpdated;
use App\Http\Requests\StoreMessageRequest;
use App\Http\Resources\MessageResource;
use Illuminate\Validation\ValidationException;

class MessageController
{
    public function store(StoreMessageRequest $request, int $ticket)
    {
        $customer = $request->user();
        $ticket = $customer->tickets()->findOrFail($ticket);
        if ($ticket->status !== 'open') {
            throw ValidationException::withMessages(['message' => __('validation.ticket_closed')]);
        }
        $message = $ticket->post(['message' => $request->input('message'), 'is_from_admin' => false,
                                  'sender_name' => $customer->name], $request->file('attachments', []));
        broadcast(new SupportMessageSent($message))->toOthers();
        // Contract v3: the customer writing ends a snooze; the admins' rows learn it.
        if ($ticket->wake()) {
            broadcast(new TicketUpdated($ticket));
        }

        return (new MessageResource($message->load(['attachments', 'mentions'])))->response()->setStatusCode(201);
    }
}
