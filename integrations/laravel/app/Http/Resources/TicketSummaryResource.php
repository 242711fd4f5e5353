<?php

namespace App\Http\Resources;

/**
 * The admin's ticket summary: the seed's, plus contract v3's triage, sla and merge fields,
 * which are internal to the desk. Never answer a customer with it
 * (CustomerTicketResource) nor broadcast it on a customer's channel.
 */
class TicketSummaryResource extends CustomerTicketResource
{
    public function toArray($request): array
    {
        return parent::toArray($request) + [
            'priority' => $this->priority,                              // low | normal | high | urgent
            'tags' => $this->tags->pluck('name')->values(),
            'snoozed_until' => iso($this->activeSnooze()),            // null once its time has passed
            // `sla`: stored by SupportTicket::syncWaiting(), null when nobody waits.
            'waiting_since' => iso($this->waiting_since),
            'response_due_at' => iso($this->response_due_at),
            'merged_into' => $this->merged_into,                        // `merge`
        ];
    }
}
