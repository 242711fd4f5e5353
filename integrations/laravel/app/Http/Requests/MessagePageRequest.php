<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;

class MessagePageRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'before_id' => 'nullable|integer|prohibits:after_id',
            'after_id' => 'nullable|integer',
            'limit' => 'nullable|integer|min:1|max:100',
        ];
    }
}
