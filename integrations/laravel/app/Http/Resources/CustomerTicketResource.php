<?php

namespace App\Http\Resources;

use Illuminate\Http\Resources\Json\JsonResource;

/**
 * The seed's ticket summary: everything a customer may see of a ticket and
 * nothing more (no priority, tags or snooze: contract v3's privacy rule).
 * Admins get TicketSummaryResource, which adds the desk's own fields.
 * Needs the relations and count of SupportTicket::withSummary().
 */
class CustomerTicketResource extends JsonResource
{
    public function toArray($request): array
    {
        $last = $this->latestMessage;

        return [
            'id' => $this->id,
            'subject' => $this->subject,
            'status' => $this->status,                  // "open" | "closed"
            'reason' => $this->reason?->only(['id', 'name']),
            'customer' => $this->customer->only(['id', 'name', 'email']),
            'assigned_to' => $this->assigned_to,
            'assignee' => $this->assignee?->only(['id', 'name']),
            'unread_count' => (int) $this->unread_count,
            'last_message' => $last ? [
                'id' => $last->id, 'message' => $last->message,
                'is_from_admin' => $last->is_from_admin, 'created_at' => iso($last->created_at),
            ] : null,
            'last_message_at' => iso($this->last_message_at),
            'created_at' => iso($this->created_at),
            'updated_at' => iso($this->updated_at),
            'resolved_at' => iso($this->resolved_at),
        ];
    }
}
