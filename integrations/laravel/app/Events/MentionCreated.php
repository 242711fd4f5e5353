<?php

namespace App\Events;

use App\Http\Resources\MessageResource;
use App\Models\Admin;
use App\Models\Mention;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/**
 * Contract v2: a note mentions an admin, on that admin's own channel; v3
 * adds the mention's `id` (`POST /admin/mentions/{id}/read`).
 */
class MentionCreated implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets, SerializesModels;

    public $afterCommit = true;

    public function __construct(public Mention $mention, public Admin $by)
    {
    }

    public function broadcastOn(): array
    {
        return [new PrivateChannel("admin.{$this->mention->admin_id}")];
    }

    public function broadcastAs(): string
    {
        return 'mention.created';
    }

    public function broadcastWith(): array
    {
        $note = $this->mention->message;

        return [
            'id' => $this->mention->id,
            'ticket_id' => $note->ticket_id,
            'message' => MessageResource::forBroadcast($note->load(['attachments', 'mentions'])),
            'by' => ['id' => $this->by->id, 'name' => $this->by->name],
        ];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
