<?php

namespace App\Http\Requests;

use App\Support\TicketFilters;
use Illuminate\Auth\Access\Response;
use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Support\Facades\Gate;
use Illuminate\Validation\Validator;

/**
 * POST and PATCH of a saved view: PATCH may send only some fields. The
 * filters are checked with the ticket list's own rules, so a view never
 * holds a filter the list would refuse. Only the owner may change a view
 * (403 from the policy, after the 404 of the binding).
 */
class SavedViewRequest extends FormRequest
{
    public function authorize(): Response
    {
        $view = $this->route('view');

        return $view ? Gate::inspect('update', $view) : Response::allow();
    }

    public function rules(): array
    {
        $required = $this->route('view') ? 'sometimes|required' : 'required';

        return [
            'name' => "$required|string|max:60",
            'filters' => 'nullable|array',      // missing, null or {}: a view of every ticket
            'shared' => 'sometimes|boolean',
            'position' => 'sometimes|integer|min:0|max:10000',
        ] + TicketFilters::rules('filters.');
    }

    // A key the list does not know is a typo, not a filter: say so rather than drop it.
    public function withValidator(Validator $validator): void
    {
        $validator->after(function (Validator $v) {
            $filters = $this->input('filters');
            $unknown = is_array($filters) ? array_diff(array_keys($filters), TicketFilters::KEYS) : [];
            if ($unknown !== []) {
                $v->errors()->add('filters', __('validation.unknown_filter', ['filter' => reset($unknown)]));
            }
        });
    }

    /** The validated fields to store, filters with every key (null when unused). */
    public function fields(): array
    {
        $fields = $this->safe()->only(['name', 'shared', 'position']);
        if ($this->has('filters') || ! $this->route('view')) {
            $fields['filters'] = TicketFilters::normalize($this->validated()['filters'] ?? []);
        }

        return $fields;
    }
}
