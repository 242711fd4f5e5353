<?php

namespace App\Events;

use App\Http\Resources\MessageResource;
use App\Models\Admin;
use App\Models\SupportMessage;
use Illuminate\Broadcasting\InteractsWithSockets;
use Illuminate\Broadcasting\PrivateChannel;
use Illuminate\Contracts\Broadcasting\ShouldBroadcast;
use Illuminate\Foundation\Events\Dispatchable;
use Illuminate\Queue\SerializesModels;

/** Contract v2: a note mentions an admin, on that admin's own channel. */
class MentionCreated implements ShouldBroadcast
{
    use Dispatchable, InteractsWithSockets, SerializesModels;

    public $afterCommit = true;

    public function __construct(public SupportMessage $note, public Admin $mentioned, public Admin $by)
    {
    }

    public function broadcastOn(): array
    {
        return [new PrivateChannel("admin.{$this->mentioned->id}")];
    }

    public function broadcastAs(): string
    {
        return 'mention.created';
    }

    public function broadcastWith(): array
    {
        return [
            'ticket_id' => $this->note->ticket_id,
            'message' => MessageResource::forBroadcast($this->note->load(['attachments', 'mentions'])),
            'by' => ['id' => $this->by->id, 'name' => $this->by->name],
        ];
    }

    public function broadcastQueue(): string
    {
        return 'broadcasts';
    }
}
