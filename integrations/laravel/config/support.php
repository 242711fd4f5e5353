<?php

/*
 * The desk's service levels (contract v3 `sla`): this is the one place a
 * team changes them.
 */
return [
    // How long a waiting customer may wait for an answer, by the ticket's
    // priority, in minutes from `waiting_since` (the customer's oldest
    // unanswered message). The same for the first answer and every next
    // one. A priority missing here falls back to `normal`'s time.
    // SupportTicket::responseDueAt() reads it; a change applies to a ticket
    // when its waiting time is next computed (a message, a priority or
    // status change, a merge), or to every ticket at once with
    // `php artisan support:refresh-due`.
    'response_due_minutes' => [
        'urgent' => 30,
        'high' => 2 * 60,
        'normal' => 8 * 60,
        'low' => 24 * 60,
    ],
];
