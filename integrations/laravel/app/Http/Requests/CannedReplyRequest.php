<?php

namespace App\Http\Requests;

use Illuminate\Auth\Access\Response;
use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Support\Facades\Gate;
use Illuminate\Validation\Rule;

/**
 * POST and PATCH of a canned reply: PATCH may send only some fields. Only
 * the owner may change one (403 from the policy, after the 404 of the binding).
 */
class CannedReplyRequest extends FormRequest
{
    public function authorize(): Response
    {
        $reply = $this->route('canned_reply');

        return $reply ? Gate::inspect('update', $reply) : Response::allow();
    }

    public function rules(): array
    {
        $reply = $this->route('canned_reply');
        $required = $reply ? 'sometimes|required' : 'required';

        return [
            'title' => "$required|string|max:80",
            'shortcut' => [
                $required, 'string', 'max:32', 'regex:/^[a-z0-9_-]+$/',
                // One shortcut per owner; another admin may use the same.
                Rule::unique('canned_replies')->where('owner_id', $this->user()->id)->ignore($reply),
            ],
            'body' => "$required|string|max:5000",
            'shared' => 'sometimes|boolean',
        ];
    }
}
