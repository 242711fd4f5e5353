<?php

namespace App\Http\Requests;

/** Contract v2 bulk changes: 1 to 100 ids and the same fields as one ticket's PATCH. */
class BulkUpdateTicketsRequest extends UpdateTicketRequest
{
    public function rules(): array
    {
        return [
            'ids' => 'required|array|min:1|max:100',
            'ids.*' => 'integer|distinct',
        ] + parent::rules();
    }
}
