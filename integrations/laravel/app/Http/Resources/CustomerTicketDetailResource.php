<?php

namespace App\Http\Resources;

use Illuminate\Support\Collection;

/** A customer's summary with the newest messages, oldest first, never a note (SupportTicket::thread()). */
class CustomerTicketDetailResource extends CustomerTicketResource
{
    use WithThread;

    public function __construct($ticket, Collection $messages, bool $hasMore)
    {
        parent::__construct($ticket);
        $this->messages = $messages;
        $this->hasMore = $hasMore;
    }

    public function toArray($request): array
    {
        return parent::toArray($request) + $this->thread();
    }
}
