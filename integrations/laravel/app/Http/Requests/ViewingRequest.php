<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;

/** `PUT .../viewing` `{"typing": bool}`; a missing `typing` means false. */
class ViewingRequest extends FormRequest
{
    public function rules(): array
    {
        return ['typing' => 'sometimes|boolean'];
    }

    public function typing(): bool
    {
        return $this->boolean('typing');
    }
}
