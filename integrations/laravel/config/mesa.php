<?php

/*
 * What /config.json tells the panel, and where the built panel is.
 */
return [
    // The panel's dist/ directory, served with an SPA fallback.
    'panel_dir' => env('MESA_PANEL_DIR', base_path('../../dist')),

    // Where browsers reach the Pusher server (not where Laravel POSTs).
    'ws_host' => env('MESA_WS_HOST', env('PUSHER_HOST', '127.0.0.1')),
    'ws_port' => (int) env('MESA_WS_PORT', env('PUSHER_PORT', 6001)),
    'ws_scheme' => env('MESA_WS_SCHEME', 'ws'),

    // How long an attachment's signed URL stays valid (the contract: ≥ 10 min).
    'attachment_url_minutes' => 30,
];
