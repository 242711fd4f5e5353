<?php

namespace App\Http\Resources;

use Illuminate\Http\Resources\Json\JsonResource;

/** The seed's message shape, plus contract v2's `type` and a note's `mentions`. */
class MessageResource extends JsonResource
{
    public function toArray($request): array
    {
        return [
            'id' => $this->id,
            'type' => $this->type,
            'message' => $this->message,                 // null for attachments only
            'is_from_admin' => $this->is_from_admin,
            'is_read' => $this->is_read,
            'sender' => ['type' => $this->is_from_admin ? 'admin' : 'customer',
                         'name' => $this->sender_name],
            'attachments' => $this->attachments->map(fn ($a) => [
                'id' => $a->id,
                'url' => $a->signedUrl(),
                'file_name' => $a->file_name,
                'mime_type' => $a->mime_type,
                'file_size' => $a->file_size,
            ])->values(),
            'mentions' => $this->when($this->isNote(), fn () => $this->mentions->pluck('id')),
            'created_at' => iso($this->created_at),
        ];
    }
}
