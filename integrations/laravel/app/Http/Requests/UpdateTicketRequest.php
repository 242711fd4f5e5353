<?php

namespace App\Http\Requests;

use App\Models\SupportTicket;
use Illuminate\Foundation\Http\FormRequest;
use Illuminate\Support\Arr;
use Illuminate\Support\Carbon;
use Illuminate\Validation\Rule;
use Illuminate\Validation\Validator;

/**
 * `{status?, assigned_to?}` (`assigned_to: null` unassigns) and contract v3's
 * `priority?`, `tags?` (the whole set) and `snoozed_until?` (a future time,
 * or null to wake). What depends on the ticket itself (a snooze on a closed
 * one) is SupportTicket::applyChanges()'s to refuse.
 */
class UpdateTicketRequest extends FormRequest
{
    /** The fields a PATCH may change; at least one must be sent. */
    protected const FIELDS = ['status', 'assigned_to', 'priority', 'tags', 'snoozed_until'];

    public function rules(): array
    {
        return [
            'status' => 'sometimes|required|in:open,closed',
            'assigned_to' => 'sometimes|nullable|integer|exists:admins,id',
            'priority' => ['sometimes', 'required', Rule::in(SupportTicket::PRIORITIES)],
            'snoozed_until' => 'sometimes|nullable|bail|date|after:now',
        ] + self::tagRules('tags');
    }

    /** A set of tags: at most 10 (after trimming, lower-casing and dropping repeats), each 1..32 chars. */
    protected static function tagRules(string $field): array
    {
        return [
            $field => 'sometimes|present|array|max:'.SupportTicket::MAX_TAGS,
            "$field.*" => 'required|string|max:32',
        ];
    }

    public function messages(): array
    {
        return ['snoozed_until.after' => __('validation.snooze_past')];
    }

    /** Tags are compared as stored: "  VIP " and "vip" are one tag. */
    protected function prepareForValidation(): void
    {
        foreach (['tags', 'tags_add', 'tags_remove'] as $field) {
            $tags = $this->input($field);
            if (is_array($tags)) {
                $this->merge([$field => array_values(array_unique(array_map(
                    fn ($t) => is_string($t) ? SupportTicket::normalizeTag($t) : $t, $tags), SORT_REGULAR))]);
            }
        }
    }

    // `required_without` would count `assigned_to: null` as missing.
    public function withValidator(Validator $validator): void
    {
        $validator->after(function (Validator $v) {
            if (! $this->hasAny(static::FIELDS)) {
                $v->errors()->add('status', __('validation.nothing_to_change', ['fields' => implode(', ', static::FIELDS)]));
            }
        });
    }

    /**
     * The changes to apply: closing stamps resolved_at, reopening clears it;
     * a snooze is stored in UTC.
     */
    public function changes(): array
    {
        $changes = Arr::only($this->validated(), [...static::FIELDS, 'tags_add', 'tags_remove']);
        if (array_key_exists('status', $changes)) {
            $changes['resolved_at'] = $changes['status'] === 'closed' ? now() : null;
        }
        if (isset($changes['snoozed_until'])) {
            $changes['snoozed_until'] = Carbon::parse($changes['snoozed_until'])->utc();
        }

        return $changes;
    }
}
