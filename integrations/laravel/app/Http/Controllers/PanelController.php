<?php

namespace App\Http\Controllers;

use Symfony\Component\HttpFoundation\BinaryFileResponse;

/**
 * Serves Mesa's built panel (dist/) and its runtime configuration, so one
 * `php -S` process is the whole desk. In production a web server serves
 * dist/ and this controller is not needed.
 */
class PanelController
{
    private const TYPES = [
        'html' => 'text/html; charset=utf-8', 'js' => 'text/javascript', 'wasm' => 'application/wasm',
        'css' => 'text/css', 'json' => 'application/json', 'svg' => 'image/svg+xml', 'png' => 'image/png',
        'ico' => 'image/x-icon', 'woff2' => 'font/woff2', 'txt' => 'text/plain; charset=utf-8',
        'webmanifest' => 'application/manifest+json',
    ];

    /** Points the panel at this API and at the Pusher server. */
    public function config()
    {
        return response()->json([
            'api_url' => '',
            'auth_endpoint' => '/api/v1/broadcasting/auth',
            'reverb_app_key' => config('broadcasting.connections.pusher.key'),
            'ws_host' => config('mesa.ws_host'),
            'ws_port' => config('mesa.ws_port'),
            'ws_scheme' => config('mesa.ws_scheme'),
            'admin_api_prefix' => '/api/v1/admin',
            'api_prefix' => '/api/v1',
            'default_locale' => 'es',
        ])->withHeaders(['Cache-Control' => 'no-cache'] + ($this->securityHeaders(false) ?? []));
    }

    /**
     * The deployment's headers for the panel, generated with the build (see
     * config/mesa.php). Without them the panel's files are not served at all
     * ($required): a panel without its CSP and frame-ancestors would be an
     * unnoticed downgrade. config.json, which is no document, goes without.
     */
    private function securityHeaders(bool $required = true): ?array
    {
        $file = config('mesa.panel_headers');
        $headers = is_file($file) ? json_decode((string) file_get_contents($file), true) : null;
        if (! is_array($headers) || ! isset($headers['Content-Security-Policy'])) {
            if (! $required) {
                return null;
            }
            abort(response(
                "Mesa's panel headers are missing ($file): `cargo xtask laravel` writes them after building the panel.",
                500
            )->header('Content-Type', 'text/plain; charset=utf-8'));
        }

        return array_filter($headers, 'is_string');
    }

    /** A file of dist/, or index.html for the panel's own routes (/tickets/42). */
    public function __invoke(string $path = '')
    {
        // Unknown API paths are API 404s, never the panel's index.html.
        abort_if(str_starts_with($path, 'api/') || $path === 'api', 404);
        $root = realpath(config('mesa.panel_dir'));
        if (! $root || ! is_file("$root/index.html")) {
            return response('Mesa\'s panel is not built: run `cargo xtask dev` or `cargo xtask size` once.', 404)
                ->header('Content-Type', 'text/plain; charset=utf-8');
        }
        $file = realpath("$root/$path");
        // realpath() resolves `..`: nothing outside dist/ is ever served.
        if (! $file || ! is_file($file) || ! str_starts_with($file, $root.DIRECTORY_SEPARATOR)) {
            $file = "$root/index.html";
        }
        $type = self::TYPES[strtolower(pathinfo($file, PATHINFO_EXTENSION))] ?? 'application/octet-stream';

        return new BinaryFileResponse($file, 200, [
            'Content-Type' => $type,
            'Cache-Control' => str_ends_with($file, 'index.html') ? 'no-cache' : 'public, max-age=3600',
        ] + $this->securityHeaders());
    }
}
