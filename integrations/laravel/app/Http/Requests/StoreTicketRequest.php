<?php

namespace App\Http\Requests;

/** The customer's new ticket: its first message is created with it. */
class StoreTicketRequest extends StoreMessageRequest
{
    public function rules(): array
    {
        return [
            'reason_id' => 'required|integer|exists:support_reasons,id',
            'subject' => 'nullable|string|max:150',
        ] + parent::rules();
    }
}
