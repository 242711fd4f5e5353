<?php

namespace App\Events;

use App\Models\SupportTicket;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/**
 * Contract v3 `merge`: `{ticket_id, into}` on the admins' channel and on the
 * merged ticket's own, so a panel with it open follows it to its target.
 */
class TicketMerged implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets, SerializesModels;

    public $afterCommit = true;

    public function __construct(public SupportTicket $source)
    {
    }

    public function broadcastOn(): array
    {
        return [new PrivateChannel('support.admin'), new PrivateChannel("support.ticket.{$this->source->id}")];
    }

    public function broadcastAs(): string
    {
        return 'ticket.merged';
    }

    public function broadcastWith(): array
    {
        return ['ticket_id' => $this->source->id, 'into' => $this->source->merged_into];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
