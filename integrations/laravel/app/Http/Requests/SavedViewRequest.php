<?php

namespace App\Http\Requests;

use App\Support\TicketFilters;
use Illuminate\Auth\Access\Response;
use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Support\Facades\Gate;

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
            'filters' => ($this->route('view') ? 'sometimes|' : '').'present|array',   // {} is a view of every ticket
            'shared' => 'sometimes|boolean',
            'position' => 'sometimes|integer|min:0|max:10000',
        ] + TicketFilters::rules('filters.');
    }

    /** The validated fields to store, filters with every key (null when unused). */
    public function fields(): array
    {
        $fields = $this->safe()->only(['name', 'shared', 'position']);
        if ($this->has('filters')) {
            $fields['filters'] = TicketFilters::normalize($this->validated()['filters']);
        }

        return $fields;
    }
}
