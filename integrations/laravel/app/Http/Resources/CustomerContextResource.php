<?php

namespace App\Http\Resources;

use Illuminate\Http\Resources\Json\JsonResource;

/** Needs the counts loaded by CustomerController::show(). */
class CustomerContextResource extends JsonResource
{
    public function toArray($request): array
    {
        return [
            'id' => $this->id,
            'name' => $this->name,
            'email' => $this->email,
            'created_at' => iso($this->created_at),
            'tickets_count' => (int) $this->tickets_count,
            'open_tickets_count' => (int) $this->open_tickets_count,
            'last_ticket_at' => $this->last_ticket_at ? iso(\Illuminate\Support\Carbon::parse($this->last_ticket_at)) : null,
        ];
    }
}
