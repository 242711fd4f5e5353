<?php

/*
 * Laravel 8's bootstrapping: the application and its three kernels, bound by
 * hand (Laravel 11/12 write this as Application::configure()->withRouting()…).
 */

$app = new Illuminate\Foundation\Application(
    $_ENV['APP_BASE_PATH'] ?? dirname(__DIR__)
);

// Laravel 11 reads LARAVEL_STORAGE_PATH itself; 8 does not. `cargo xtask`
// gives each throwaway run (the conformance check) its own storage this way.
if ($storage = getenv('LARAVEL_STORAGE_PATH')) {
    $app->useStoragePath($storage);
}

$app->singleton(Illuminate\Contracts\Http\Kernel::class, App\Http\Kernel::class);
$app->singleton(Illuminate\Contracts\Console\Kernel::class, App\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, App\Exceptions\Handler::class);

return $app;
