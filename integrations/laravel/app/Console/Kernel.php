<?php

namespace App\Console;

use App\Console\Commands\PruneViewers;
use Illuminate\Console\Scheduling\Schedule;
use Illuminate\Foundation\Console\Kernel as ConsoleKernel;

// The framework's commands (migrate, db:seed, key:generate, route:list…) and Mesa's.
class Kernel extends ConsoleKernel
{
    protected $commands = [PruneViewers::class];

    // `php artisan schedule:work` (or cron's `schedule:run`) runs it.
    protected function schedule(Schedule $schedule): void
    {
        $schedule->command('mesa:prune-viewers')->everyMinute();
    }
}
