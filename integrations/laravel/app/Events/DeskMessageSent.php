<?php

namespace App\Events;

use App\Http\Resources\TicketSummaryResource;
use Illuminate\Broadcasting\PrivateChannel;

/**
 * `message.sent` on `private-support.admin`: the seed's payload and, after
 * it, contract v3's `"ticket": summary`, so one event updates the inbox row,
 * its waiting time and its due time. A separate event because Laravel sends
 * one payload to all of an event's channels, and the summary (priority,
 * tags, due times) must never reach the customer's channels.
 */
class DeskMessageSent extends SupportMessageSent
{
    public function broadcastOn(): array
    {
        return [new PrivateChannel('support.admin')];
    }

    public function broadcastWith(): array
    {
        // fresh(): the ticket as the message's transaction left it (waiting time, last activity).
        return parent::broadcastWith()
            + ['ticket' => (new TicketSummaryResource($this->message->ticket->fresh()->loadSummary()))->resolve()];
    }
}
