<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;
use Illuminate\Http\UploadedFile;
use Illuminate\Support\Facades\URL;

class SupportAttachment extends Model
{
    protected $fillable = ['path', 'file_name', 'mime_type', 'file_size'];

    protected $casts = ['file_size' => 'integer'];

    /**
     * Stores an upload on the private disk under a random name; the client's
     * name is kept only for display. The type is the one the validator
     * checked the content against, not the one the client claimed.
     */
    public static function fromUpload(UploadedFile $file): array
    {
        return [
            'path' => $file->store('attachments'),
            'file_name' => mb_substr($file->getClientOriginalName(), 0, 200),
            'mime_type' => $file->getMimeType(),
            'file_size' => $file->getSize(),
        ];
    }

    /**
     * Contract v2 "Attachments": a temporary signed URL, so an <img> loads
     * it without a bearer token and a guessed id opens nothing.
     *
     * With a session (the access token of the request being answered), the
     * URL carries that token's id, `sid`, under the signature (never the
     * token itself) and opens nothing once the token is revoked: signing out
     * on a shared computer ends every URL that session was given
     * (App\Http\Middleware\EnsureSignedSessionLives). Without one (a
     * broadcast, which reaches many sockets), the URL is bound to no session
     * and short-lived instead (config mesa.broadcast_attachment_url_minutes).
     */
    public function signedUrl(?PersonalAccessToken $session): string
    {
        $parameters = ['attachment' => $this->id, 'name' => $this->file_name];
        if ($session === null) {  // a broadcast: bound to no session, short-lived
            return URL::temporarySignedRoute(
                'attachments.show',
                now()->addMinutes(config('mesa.broadcast_attachment_url_minutes')),
                $parameters,
            );
        }

        return URL::temporarySignedRoute(
            'attachments.show',
            now()->addMinutes(config('mesa.attachment_url_minutes')),
            $parameters + ['sid' => $session->getKey()],
        );
    }
}
