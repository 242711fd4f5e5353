<?php

/*
 * Every request enters here: `php -S 127.0.0.1:8000 -t public public/index.php`
 * routes all of them to Laravel, which also serves the built panel (see
 * PanelController), so there is no static-file branch to write.
 */

use Illuminate\Contracts\Http\Kernel;
use Illuminate\Http\Request;

define('LARAVEL_START', microtime(true));

require __DIR__.'/../bootstrap/autoload.php';

$app = require_once __DIR__.'/../bootstrap/app.php';

$kernel = $app->make(Kernel::class);

$response = $kernel->handle(
    $request = Request::capture()
)->send();

$kernel->terminate($request, $response);
