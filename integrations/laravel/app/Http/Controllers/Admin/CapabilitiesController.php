<?php

namespace App\Http\Controllers\Admin;

/** Contract v2 and v3: what this backend offers; a missing key means false. */
class CapabilitiesController
{
    public function __invoke()
    {
        return ['data' => [
            'notes' => true,
            'canned_replies' => true,
            'customers' => true,
            'bulk' => true,
            'idempotency' => true,
            'mentions' => true,
            'viewers' => true,
            // Contract v3 "triage and time".
            'priority' => true,
            'tags' => true,
            'snooze' => true,
            'sla' => true,
            'merge' => true,
            'views' => true,
            'mentions_list' => true,
        ]];
    }
}
