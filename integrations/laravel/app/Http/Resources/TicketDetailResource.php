<?php

namespace App\Http\Resources;

use Illuminate\Support\Collection;

/** A summary with the newest messages, oldest first (SupportTicket::thread()). */
class TicketDetailResource extends TicketSummaryResource
{
    public function __construct($ticket, private Collection $messages, private bool $hasMore)
    {
        parent::__construct($ticket);
    }

    public function toArray($request): array
    {
        return parent::toArray($request) + [
            'messages' => MessageResource::collection($this->messages),
            'has_more_messages' => $this->hasMore,
        ];
    }
}
