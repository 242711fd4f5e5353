<?php

namespace App\Http\Controllers\Customer;

use App\Events\DeskMessageSent;
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
        // Contract v3: the customer writing ends a snooze. Woken first, so the
        // admins' `message.sent` carries the summary as it now is (snooze,
        // waiting and due times); `ticket.updated` says the wake too.
        $woken = $ticket->wake();
        broadcast(new SupportMessageSent($message))->toOthers();
        broadcast(new DeskMessageSent($message))->toOthers();
        if ($woken) {
            broadcast(new TicketUpdated($ticket));
        }

        return (new MessageResource($message->load(['attachments', 'mentions'])))->response()->setStatusCode(201);
    }
}
