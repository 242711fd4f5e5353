<?php

/*
 * Class loading. With Composer this file is just vendor/autoload.php; Mesa's
 * reference app runs on Debian's packaged Laravel 8 instead (no Composer
 * registry needed), so it loads the framework and Guzzle from /usr/share/php
 * and maps the app's own namespaces the way composer.json's "autoload"
 * section would (PSR-4).
 */

if (file_exists(__DIR__.'/../vendor/autoload.php')) {
    return require __DIR__.'/../vendor/autoload.php'; // helpers.php is in composer.json's "files"
}

require '/usr/share/php/Illuminate/autoload.php';
require '/usr/share/php/GuzzleHttp/autoload.php';

spl_autoload_register(function (string $class): void {
    $roots = [
        'App\\' => __DIR__.'/../app/',
        'Database\\Seeders\\' => __DIR__.'/../database/seeders/',
    ];
    foreach ($roots as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir.str_replace('\\', '/', substr($class, strlen($prefix))).'.php';
            if (is_file($file)) {
                require $file;
            }

            return;
        }
    }
});

// composer.json's "autoload.files".
require __DIR__.'/../app/Support/helpers.php';
