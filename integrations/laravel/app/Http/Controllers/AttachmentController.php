<?php

namespace App\Http\Controllers;

use App\Models\SupportAttachment;
use Illuminate\Support\Facades\Storage;

/**
 * An attachment through its temporary signed URL (the route's `signed`
 * middleware checks it first: 403 for a bad or expired signature; then
 * `signed.session`: the same 403 once the token the URL was issued for is
 * revoked).
 */
class AttachmentController
{
    public function show(SupportAttachment $attachment)
    {
        return Storage::disk('local')->response($attachment->path, $attachment->file_name, [
            'Content-Type' => $attachment->mime_type,
            // Never run an upload as something else.
            'X-Content-Type-Options' => 'nosniff',
            'Cache-Control' => 'private, max-age=300',
        ], 'inline');
    }
}
