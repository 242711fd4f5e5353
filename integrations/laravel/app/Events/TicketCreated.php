<?php

namespace App\Events;

use App\Http\Resources\TicketSummaryResource;
use App\Models\SupportTicket;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/** A customer opened a ticket: the admins' live inbox. */
class TicketCreated implements ShouldBroadcast
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
        return 'ticket.created';
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
