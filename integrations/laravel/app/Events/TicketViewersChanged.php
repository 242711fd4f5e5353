<?php

namespace App\Events;

use App\Models\TicketViewer;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;

/**
 * Contract v2 `viewers`: a ticket's viewers or a typing flag changed. Sent to
 * every admin, the one who changed it too (no toOthers()): each inbox row
 * shows who is on it, and the panel's own entry comes from the server.
 */
class TicketViewersChanged implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets;

    /** The list as it is now, not when a queued job runs. */
    public array $viewers;

    public function __construct(public int $ticketId)
    {
        $this->viewers = TicketViewer::listFor($ticketId);
    }

    public function broadcastOn(): array
    {
        return [new PrivateChannel('support.admin')];
    }

    public function broadcastAs(): string
    {
        return 'ticket.viewers';
    }

    public function broadcastWith(): array
    {
        return ['ticket_id' => $this->ticketId, 'viewers' => $this->viewers];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
