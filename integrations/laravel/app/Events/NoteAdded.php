<?php

namespace App\Events;

use App\Http\Resources\MessageResource;
use App\Models\SupportMessage;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/** Contract v2: an internal note, for admins only. */
class NoteAdded implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets, SerializesModels;

    public $afterCommit = true;

    public function __construct(public SupportMessage $note)
    {
    }

    // The privacy rule: never the ticket's channel, never the customer's.
    public function broadcastOn(): array
    {
        return [new PrivateChannel('support.admin')];
    }

    public function broadcastAs(): string
    {
        return 'note.added';
    }

    public function broadcastWith(): array
    {
        return ['message' => MessageResource::forBroadcast($this->note->load(['attachments', 'mentions'])),
                'ticket_id' => $this->note->ticket_id];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
