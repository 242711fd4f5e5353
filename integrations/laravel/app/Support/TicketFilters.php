<?php

namespace App\Support;

use App\Models\Admin;
use App\Models\SupportTicket;
use Illuminate\Database\Eloquent\Builder;
use Illuminate\Validation\Rule;

/**
 * The ticket list's filters, in one place: the inbox (TicketIndexRequest),
 * the saved views (their stored `filters`) and `GET /views/counts` all
 * filter through apply(), so a count is always the list's `total` for the
 * same filters.
 *
 * A filter set is the contract's saved-view `filters` object: `priority` a
 * list, every other value a scalar, null meaning "no filter".
 */
class TicketFilters
{
    /** The keys of a saved view's `filters`, all present, null when unused. */
    public const KEYS = ['status', 'assigned', 'priority', 'tag', 'reason_id', 'customer_id', 'search',
        'snoozed', 'waiting', 'overdue', 'sort'];

    /** The list's sorts (TicketFilters::sort()). */
    public const SORTS = ['-last_message_at', 'last_message_at', '-created_at', 'response_due_at'];

    /**
     * Validation of a filter set under `$prefix` ('' for the list's query,
     * 'filters.' for a view). `priority` is checked as a list here; the
     * list's query sends it comma-separated and TicketIndexRequest splits it.
     */
    public static function rules(string $prefix = ''): array
    {
        return [
            $prefix.'status' => 'nullable|in:open,closed,all',
            $prefix.'assigned' => ['nullable', 'regex:/^(me|unassigned|any|\d+)$/'],
            $prefix.'priority' => 'nullable|bail|array|max:4',
            $prefix.'priority.*' => ['string', Rule::in(SupportTicket::PRIORITIES)],
            $prefix.'tag' => 'nullable|string|max:32',
            $prefix.'reason_id' => 'nullable|integer',
            $prefix.'customer_id' => 'nullable|integer',          // v2 "Customer context"
            $prefix.'search' => 'nullable|string|max:200',
            $prefix.'snoozed' => 'nullable|in:exclude,only,include',
            // Contract v3 `sla`: 1 (or true) filters, 0 (or false) means "no filter".
            $prefix.'waiting' => ['nullable', self::flag(...)],
            $prefix.'overdue' => ['nullable', self::flag(...)],
            $prefix.'sort' => ['nullable', Rule::in(self::SORTS)],
        ];
    }

    /** The yes/no values a query string or a view's JSON may give `waiting` and `overdue`. */
    private const FLAGS = [true, 1, '1', 'true', false, 0, '0', 'false'];

    /** A rule: a flag is one of FLAGS (a query string has no booleans, JSON does). */
    private static function flag(string $attribute, mixed $value, \Closure $fail): void
    {
        if (! in_array($value, self::FLAGS, true)) {
            $fail(__('validation.waiting_flag'));
        }
    }

    /** Every key present, in the contract's order, unknown keys dropped. */
    public static function normalize(array $filters): array
    {
        $normalized = [];
        foreach (self::KEYS as $key) {
            $normalized[$key] = $filters[$key] ?? null;
        }
        if ($normalized['priority'] !== null) {
            // Each priority once, in the order given; none at all means no filter.
            $normalized['priority'] = array_values(array_unique($normalized['priority'])) ?: null;
        }
        if ($normalized['tag'] !== null) {
            $normalized['tag'] = SupportTicket::normalizeTag($normalized['tag']);
        }
        foreach (['reason_id', 'customer_id'] as $id) {
            $normalized[$id] = $normalized[$id] === null ? null : (int) $normalized[$id];
        }
        // A flag is stored as a view shows it, `true`; "no" is no filter, `null`.
        foreach (['waiting', 'overdue'] as $flag) {
            $normalized[$flag] = in_array($normalized[$flag], [true, 1, '1', 'true'], true) ?: null;
        }

        return $normalized;
    }

    /** Narrows `$query` to the tickets the filters select (no ordering). */
    public static function apply(Builder $query, array $filters, Admin $admin): Builder
    {
        $f = self::normalize($filters);

        return $query
            ->when(($f['status'] ?? 'all') !== 'all', fn ($t) => $t->where('status', $f['status']))
            ->when($f['assigned'], fn ($t, $a) => match ($a) {
                'me' => $t->where('assigned_to', $admin->id),
                'unassigned' => $t->whereNull('assigned_to'),
                'any' => $t,
                default => $t->where('assigned_to', (int) $a),
            })
            ->when($f['reason_id'], fn ($t, $id) => $t->where('reason_id', $id))
            ->when($f['customer_id'], fn ($t, $id) => $t->where('customer_id', $id))
            ->when($f['priority'], fn ($t, $p) => $t->whereIn('priority', $p))
            ->when($f['tag'], fn ($t, $tag) => $t->whereHas('tags', fn ($q) => $q->where('name', $tag)))
            // Contract v3 `sla`, on the stored times SupportTicket::syncWaiting() keeps.
            ->when($f['waiting'], fn ($t) => $t->waiting())
            ->when($f['overdue'], fn ($t) => $t->overdue())
            // Snoozed tickets are out of the queue unless asked for.
            ->when($f['snoozed'] ?? 'exclude', fn ($t, $s) => match ($s) {
                'only' => $t->snoozed(),
                'include' => $t,
                default => $t->notSnoozed(),
            })
            ->when($f['search'], function ($t, $s) {
                $like = '%'.addcslashes($s, '%_\\').'%';
                $t->where(fn ($w) => $w
                    ->where('subject', 'like', $like)
                    ->orWhereHas('customer', fn ($c) => $c->where('name', 'like', $like)->orWhere('email', 'like', $like))
                    ->orWhereHas('messages', fn ($m) => $m->where('message', 'like', $like)));
            });
    }

    /** The list's order; the id breaks ties so pages never overlap. */
    public static function sort(Builder $query, ?string $sort): Builder
    {
        return match ($sort) {
            'last_message_at' => $query->orderBy('last_message_at')->orderBy('id'),
            '-created_at' => $query->orderByDesc('created_at')->orderByDesc('id'),
            // Soonest due first; then the tickets nobody waits on, latest activity first.
            'response_due_at' => $query->orderByRaw('response_due_at is null')->orderBy('response_due_at')
                ->orderByDesc('last_message_at')->orderByDesc('id'),
            default => $query->orderByDesc('last_message_at')->orderByDesc('id'),
        };
    }
}
