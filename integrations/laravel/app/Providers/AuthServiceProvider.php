<?php

namespace App\Providers;

use App\Auth\AccessTokenGuard;
use App\Models\CannedReply;
use App\Models\SavedView;
use App\Policies\CannedReplyPolicy;
use App\Policies\SavedViewPolicy;
use Illuminate\Auth\RequestGuard;
use Illuminate\Foundation\Support\Providers\AuthServiceProvider as ServiceProvider;
use Illuminate\Support\Facades\Auth;

class AuthServiceProvider extends ServiceProvider
{
    protected $policies = [
        CannedReply::class => CannedReplyPolicy::class,
        SavedView::class => SavedViewPolicy::class,
    ];

    public function boot(): void
    {
        $this->registerPolicies();

        // The `access-token` driver of config/auth.php: one token per
        // sign-in, in personal_access_tokens (App\Auth\AccessTokens).
        Auth::extend('access-token', function ($app, string $name, array $config) {
            $guard = new RequestGuard(
                $app->make(AccessTokenGuard::class),
                $app['request'],
                Auth::createUserProvider($config['provider']),
            );
            // A guard outlives its request in tests (and under Octane): give it each new one.
            $app->refresh('request', $guard, 'setRequest');

            return $guard;
        });
    }
}
