<?php

namespace App\Console\Commands;

use App\Models\TicketViewer;
use Illuminate\Console\Command;

/** Contract v2 `viewers`: expires entries nobody has refreshed for 45 s, even when no request comes. */
class PruneViewers extends Command
{
    protected $signature = 'mesa:prune-viewers';

    protected $description = 'Drop ticket viewers unseen for 45 s and broadcast the lists that changed';

    public function handle(): int
    {
        $tickets = TicketViewer::pruneExpired();
        $this->info("Pruned the viewers of {$tickets} ticket(s).");

        return 0;
    }
}
