<?php

namespace App\Providers;

use Illuminate\Cache\RateLimiting\Limit;
use Illuminate\Foundation\Support\Providers\RouteServiceProvider as ServiceProvider;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\RateLimiter;
use Illuminate\Support\Facades\Route;

class RouteServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        // Generous: the panel polls when it has no WebSocket. Over the limit,
        // Laravel answers 429 with Retry-After, which the panel honours.
        // Counted per signed-in session, else per address: a support team
        // behind one office address must not share one allowance.
        RateLimiter::for('api', function (Request $request) {
            $token = $request->bearerToken();

            return Limit::perMinute(600)->by($token ? 'token:'.hash('sha256', $token) : 'ip:'.$request->ip());
        });

        $this->routes(function () {
            Route::prefix('api')->middleware('api')->group(base_path('routes/api.php'));
            Route::middleware('web')->group(base_path('routes/web.php'));
        });
    }
}
