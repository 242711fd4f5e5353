<?php

namespace App\Console\Commands;

use App\Events\TicketUpdated;
use App\Models\SupportTicket;
use Illuminate\Console\Command;

/**
 * Contract v3 `sla`: after a change to the policy in config/support.php,
 * every waiting ticket's due time by the new policy, at once rather than
 * at its next message; the admins' inboxes hear each one that moved.
 */
class RefreshResponseDue extends Command
{
    protected $signature = 'support:refresh-due';

    protected $description = 'Recompute waiting_since and response_due_at of open tickets from config/support.php';

    public function handle(): int
    {
        $moved = 0;
        SupportTicket::where('status', 'open')->eachById(function (SupportTicket $ticket) use (&$moved) {
            if ($ticket->syncWaiting()) {
                $ticket->touch();               // the panel keeps the newest row by updated_at
                broadcast(new TicketUpdated($ticket));
                $moved++;
            }
        });
        $this->info("Moved the due time of {$moved} ticket(s).");

        return 0;
    }
}
