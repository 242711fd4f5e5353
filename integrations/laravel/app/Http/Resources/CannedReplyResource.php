<?php

namespace App\Http\Resources;

use Illuminate\Http\Resources\Json\JsonResource;

class CannedReplyResource extends JsonResource
{
    public function toArray($request): array
    {
        return [
            'id' => $this->id,
            'title' => $this->title,
            'shortcut' => $this->shortcut,
            'body' => $this->body,           // placeholders are filled in by the panel
            'shared' => $this->shared,
            'owner_id' => $this->owner_id,
            'updated_at' => iso($this->updated_at),
        ];
    }
}
