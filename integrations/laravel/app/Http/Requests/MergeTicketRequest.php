<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;

/**
 * `{"into": target_id}`. Whether the two tickets may merge (one customer,
 * neither merged already, not into itself) is SupportTicket::mergeInto()'s
 * to check, inside its transaction.
 */
class MergeTicketRequest extends FormRequest
{
    public function rules(): array
    {
        // numeric too: `integer` alone lets a JSON `true` through, as ticket 1.
        return ['into' => 'required|integer|numeric|min:1'];
    }
}
