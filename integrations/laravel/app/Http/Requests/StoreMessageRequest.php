<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;

/** A message from either side: text, attachments, or both. */
class StoreMessageRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'message' => 'required_without:attachments|nullable|string|max:5000',
        ] + self::attachmentRules();
    }

    /** Up to five files of 10 MB; the type is read from the content. */
    public static function attachmentRules(): array
    {
        return [
            'attachments' => 'array|max:5',
            'attachments.*' => 'file|max:10240|mimetypes:image/jpeg,image/png,image/gif,image/webp,application/pdf',
        ];
    }
}
