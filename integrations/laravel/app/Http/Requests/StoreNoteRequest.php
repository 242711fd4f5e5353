<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;

/** Contract v2 internal notes; JSON, or multipart with `mentions[]`. */
class StoreNoteRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'body' => 'required|string|max:5000',
            'mentions' => 'array|max:20',
            'mentions.*' => 'integer|distinct|exists:admins,id',
        ] + StoreMessageRequest::attachmentRules();
    }
}
