<?php

namespace App\Http\Resources;

use App\Support\TicketFilters;
use Illuminate\Http\Resources\Json\JsonResource;

class SavedViewResource extends JsonResource
{
    public function toArray($request): array
    {
        return [
            'id' => $this->id,
            'name' => $this->name,
            'filters' => TicketFilters::normalize($this->filters ?? []),   // every key, null when unused
            'shared' => $this->shared,
            'owner_id' => $this->owner_id,
            'position' => $this->position,
        ];
    }
}
