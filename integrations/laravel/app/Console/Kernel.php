<?php

namespace App\Console;

use App\Console\Commands\PruneViewers;
use App\Console\Commands\RefreshResponseDue;
use App\Console\Commands\WakeSnoozedTickets;
use Illuminate\Console\Scheduling\Schedule;
use Illuminate\Foundation\Console\Kernel as ConsoleKernel;

// The framework's commands (migrate, db:seed, key:generate, route:list…) and Mesa's.
class Kernel extends ConsoleKernel
{
    protected $commands = [PruneViewers::class, WakeSnoozedTickets::class, RefreshResponseDue::class];

    // `php artisan schedule:work` (or cron's `schedule:run`) runs it;
    // `cargo xtask laravel` runs schedule:work beside the app.
    protected function schedule(Schedule $schedule): void
    {
        $schedule->command('mesa:prune-viewers')->everyMinute();
        // Contract v3: a snooze wakes within a minute of its time.
        $schedule->command('support:wake-snoozed')->everyMinute();
    }
}
