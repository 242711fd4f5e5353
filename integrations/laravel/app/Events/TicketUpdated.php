<?php

namespace App\Events;

use App\Http\Resources\TicketSummaryResource;
use App\Models\SupportTicket;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/**
 * Contract v3: a change `ticket.status.changed` does not carry (priority,
 * tags, a snooze set or woken), with the whole summary. Admins only: the
 * summary holds what a customer must never see.
 */
class TicketUpdated implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets, SerializesModels;

    public $afterCommit = true;

    public function __construct(public SupportTicket $ticket)
    {
    }

    public function broadcastOn(): array
    {
        return [new PrivateChannel('support.admin')];
    }

    public function broadcastAs(): string
    {
        return 'ticket.updated';
    }

    public function broadcastWith(): array
    {
        return ['ticket' => (new TicketSummaryResource($this->ticket->loadSummary()))->resolve()];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
