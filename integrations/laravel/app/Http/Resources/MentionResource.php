<?php

namespace App\Http\Resources;

use Illuminate\Http\Resources\Json\JsonResource;

/** Contract v3 `mentions_list`: a mention with its note. Needs `message.attachments`, `message.mentions`, `by`. */
class MentionResource extends JsonResource
{
    public function toArray($request): array
    {
        return [
            'id' => $this->id,
            'ticket_id' => $this->message->ticket_id,
            'message' => new MessageResource($this->message),
            // A v2 mention's author may be unknown (see the v3 migration): the note still names them.
            'by' => ['id' => $this->by_admin_id, 'name' => $this->by?->name ?? $this->message->sender_name],
            'created_at' => iso($this->created_at),
            'read_at' => iso($this->read_at),
        ];
    }
}
