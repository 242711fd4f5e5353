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
     */
    public function signedUrl(): string
    {
        return URL::temporarySignedRoute(
            'attachments.show',
            now()->addMinutes(config('mesa.attachment_url_minutes')),
            ['attachment' => $this->id, 'name' => $this->file_name],
        );
    }
}
