<?php

/*
 * What /config.json tells the panel, and where the built panel is.
 */
return [
    // The panel's dist/ directory, served with an SPA fallback.
    'panel_dir' => env('MESA_PANEL_DIR', base_path('../../dist')),

    // The headers every panel response carries (CSP with the built loader's
    // hash, frame-ancestors, nosniff, Referrer-Policy), as a JSON object
    // written by `cargo xtask laravel` from the generator `cargo xtask dist`
    // uses for static hosts, so both enforce one policy.
    'panel_headers' => env('MESA_PANEL_HEADERS', storage_path('panel-headers.json')),

    // Where browsers reach the Pusher server (not where Laravel POSTs).
    'ws_host' => env('MESA_WS_HOST', env('PUSHER_HOST', '127.0.0.1')),
    'ws_port' => (int) env('MESA_WS_PORT', env('PUSHER_PORT', 6001)),
    'ws_scheme' => env('MESA_WS_SCHEME', 'ws'),

    // How long an attachment's signed URL stays valid (the contract: ≥ 10 min)
    // in an answer, where it is bound to the token that asked (`sid`) and
    // dies with it on sign-out (App\Http\Middleware\EnsureSignedSessionLives).
    'attachment_url_minutes' => 30,

    // How long one stays valid in a broadcast. A broadcast reaches every
    // socket on its channel, not one token, so its URLs are bound to no
    // session: they are short-lived instead. When one has expired, the panel's
    // image fails and it fetches the message again (`after_id={id - 1}&limit=1`),
    // which answers a URL bound to its own session. Ten minutes is the least the
    // contract allows a signed URL.
    'broadcast_attachment_url_minutes' => 10,
];
