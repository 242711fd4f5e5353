<?php

namespace App\Http\Resources;

use Illuminate\Support\Collection;

/** The messages a ticket's detail carries, for the admin's and the customer's alike. */
trait WithThread
{
    private Collection $messages;

    private bool $hasMore;

    private function thread(): array
    {
        return [
            'messages' => MessageResource::collection($this->messages),
            'has_more_messages' => $this->hasMore,
        ];
    }
}
