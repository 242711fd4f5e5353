<?php

namespace App\Providers;

use App\Models\CannedReply;
use App\Policies\CannedReplyPolicy;
use Illuminate\Foundation\Support\Providers\AuthServiceProvider as ServiceProvider;

class AuthServiceProvider extends ServiceProvider
{
    protected $policies = [
        CannedReply::class => CannedReplyPolicy::class,
    ];

    public function boot(): void
    {
        $this->registerPolicies();
    }
}
