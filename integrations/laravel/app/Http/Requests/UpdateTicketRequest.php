<?php

namespace App\Http\Requests;

use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Support\Arr;
use Illuminate\Validation\Validator;

/** `{status?, assigned_to?}`: `assigned_to: null` unassigns. */
class UpdateTicketRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'status' => 'sometimes|required|in:open,closed',
            'assigned_to' => 'sometimes|nullable|integer|exists:admins,id',
        ];
    }

    // `required_without` would count `assigned_to: null` as missing.
    public function withValidator(Validator $validator): void
    {
        $validator->after(function (Validator $v) {
            if (! $this->has('status') && ! $this->has('assigned_to')) {
                $v->errors()->add('status', __('validation.status_or_assignee'));
            }
        });
    }

    /** The columns to write: closing stamps resolved_at, reopening clears it. */
    public function changes(): array
    {
        $changes = Arr::only($this->validated(), ['status', 'assigned_to']);
        if (array_key_exists('status', $changes)) {
            $changes['resolved_at'] = $changes['status'] === 'closed' ? now() : null;
        }

        return $changes;
    }
}
