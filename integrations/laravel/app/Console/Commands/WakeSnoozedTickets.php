<?php

namespace App\Console\Commands;

use App\Events\TicketUpdated;
use App\Models\SupportTicket;
use Illuminate\Console\Command;

/**
 * Contract v3 snooze: a ticket whose snooze time has passed wakes, and the
 * admins' inboxes hear it (`ticket.updated`) without anyone asking. The
 * list already treats a passed snooze as none; this clears it and tells.
 */
class WakeSnoozedTickets extends Command
{
    protected $signature = 'support:wake-snoozed';

    protected $description = 'Wake the tickets whose snooze has passed and broadcast ticket.updated for each';

    public function handle(): int
    {
        $woken = 0;
        SupportTicket::whereNotNull('snoozed_until')->where('snoozed_until', '<=', now())
            // By id, not by offset: each woken ticket leaves the query's result.
            ->eachById(function (SupportTicket $ticket) use (&$woken) {
                if ($ticket->wake()) {
                    broadcast(new TicketUpdated($ticket));
                    $woken++;
                }
            });
        $this->info("Woke {$woken} ticket(s).");

        return 0;
    }
}
