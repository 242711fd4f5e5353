<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;

/** The inbox's query: every value checked, a bad one is a 422 naming it. */
class TicketIndexRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'status' => 'nullable|in:open,closed,all',
            'assigned' => ['nullable', 'regex:/^(me|unassigned|any|\d+)$/'],
            'reason_id' => 'nullable|integer',
            'customer_id' => 'nullable|integer',          // v2 "Customer context"
            'search' => 'nullable|string|max:200',
            'sort' => 'nullable|in:-last_message_at,last_message_at,-created_at',
            'page' => 'nullable|integer|min:1',
            'per_page' => 'nullable|integer|min:1|max:100', // 422 above 100
        ];
    }
}
