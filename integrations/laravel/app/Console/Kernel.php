<?php

namespace App\Console;

use Illuminate\Foundation\Console\Kernel as ConsoleKernel;

// Framework commands only (migrate, db:seed, key:generate, route:list…).
class Kernel extends ConsoleKernel
{
}
