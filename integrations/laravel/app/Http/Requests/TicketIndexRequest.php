<?php

namespace App\Http\Requests;

use App\Support\TicketFilters;
use Illuminate\Foundation\Http\FormRequest;

/** The inbox's query: every value checked, a bad one is a 422 naming it. */
class TicketIndexRequest extends FormRequest
{
    public function rules(): array
    {
        return TicketFilters::rules() + [
            'page' => 'nullable|integer|min:1',
            'per_page' => 'nullable|integer|min:1|max:100', // 422 above 100
        ];
    }

    /**
     * `priority=urgent,high` arrives as one string: split it, so the list
     * and a saved view's `"priority":["urgent","high"]` validate alike.
     * Anything else stays as sent, for the rules to name it.
     */
    protected function prepareForValidation(): void
    {
        $priority = $this->query('priority');
        if (is_string($priority)) {
            $this->merge(['priority' => array_values(array_filter(array_map('trim', explode(',', $priority)),
                fn ($p) => $p !== ''))]);
        }
    }

    /** The validated filters, in the form TicketFilters::apply() takes. */
    public function filters(): array
    {
        return TicketFilters::normalize($this->validated());
    }
}
