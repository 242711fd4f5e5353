<?php

namespace App\Http\Requests;

/**
 * Contract v2 bulk changes: 1 to 100 ids and the same fields as one ticket's
 * PATCH; v3 adds `tags_add` and `tags_remove`, which change each ticket's
 * set instead of replacing it (so not together with `tags`).
 */
class BulkUpdateTicketsRequest extends UpdateTicketRequest
{
    protected const FIELDS = ['status', 'assigned_to', 'priority', 'tags', 'snoozed_until', 'tags_add', 'tags_remove'];

    public function rules(): array
    {
        return [
            'ids' => 'required|array|min:1|max:100',
            'ids.*' => 'integer|distinct',
            'tags' => 'sometimes|present|array|max:10|prohibits:tags_add,tags_remove',
        ] + self::tagRules('tags_add') + self::tagRules('tags_remove') + parent::rules();
    }
}
