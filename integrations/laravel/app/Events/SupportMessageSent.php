<?php

namespace App\Events;

use App\Http\Resources\MessageResource;
use App\Models\SupportMessage;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/**
 * A reply from either side: the seed's `message.sent`, on the seed's
 * channels with the seed's payload. The admins' channel gets its own
 * version with the ticket's summary (DeskMessageSent).
 */
class SupportMessageSent implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets, SerializesModels;

    /** Laravel 8 has no ShouldDispatchAfterCommit: a queued broadcast waits for the commit. */
    public $afterCommit = true;

    public function __construct(public SupportMessage $message)
    {
    }

    public function broadcastOn(): array
    {
        $ticket = $this->message->ticket;

        return array_values(array_filter([
            new PrivateChannel("support.ticket.{$ticket->id}"),
            // The seed's customer notifications: admin replies only.
            $this->message->is_from_admin ? new PrivateChannel("customer.{$ticket->customer_id}") : null,
        ]));
    }

    public function broadcastAs(): string
    {
        return 'message.sent';
    }

    public function broadcastWith(): array
    {
        return ['message' => MessageResource::forBroadcast($this->message->load('attachments')),
                'ticket_id' => $this->message->ticket_id];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
