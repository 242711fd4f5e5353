<?php

namespace App\Providers;

use App\Broadcasting\PusherBroadcaster;
use GuzzleHttp\Client;
use Illuminate\Support\Facades\Broadcast;
use Illuminate\Support\ServiceProvider;

class BroadcastServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        // The `pusher` driver, without pusher/pusher-php-server: channel auth
        // and the HTTP trigger API are a few lines (App\Broadcasting).
        Broadcast::extend('pusher', fn ($app, array $config) => new PusherBroadcaster(
            new Client(['connect_timeout' => 2, 'timeout' => $config['options']['timeout'] ?? 5]),
            $config,
        ));

        // POST /api/v1/broadcasting/auth, for admins and customers alike;
        // `auth` answers 401 before any channel rule runs.
        Broadcast::routes(['prefix' => 'api/v1', 'middleware' => ['api', 'auth:admin,customer']]);

        require base_path('routes/channels.php');
    }
}
