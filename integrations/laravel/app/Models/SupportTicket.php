<?php

namespace App\Models;

use App\Support\TicketFilters;
use Illuminate\Database\Eloquent\Builder;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Support\Facades\DB;
use Illuminate\Validation\ValidationException;

class SupportTicket extends Model
{
    /** Contract v3, lowest first. */
    public const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

    /** Contract v3: at most this many tags on a ticket. */
    public const MAX_TAGS = 10;

    /**
     * How often a write transaction is tried when the database refuses it
     * as a concurrency error (a deadlock, "database is locked").
     */
    private const WRITE_ATTEMPTS = 3;

    /**
     * Takes the database's write lock first thing in a transaction. On
     * SQLite a transaction that reads and then writes cannot wait for a
     * writer in another worker (it would deadlock), so it fails at once with
     * "database is locked"; one that writes first waits its turn (the busy
     * timeout). An update of no row: on MySQL or Postgres it locks nothing.
     */
    private static function writeFirst(): void
    {
        DB::update('update support_tickets set id = id where 0 = 1');
    }

    protected $fillable = ['customer_id', 'reason_id', 'assigned_to', 'subject', 'status', 'resolved_at',
        'last_message_at', 'priority', 'snoozed_until', 'waiting_since', 'response_due_at', 'merged_into'];

    // A ticket created in this request has them before it is read back.
    protected $attributes = ['status' => 'open', 'priority' => 'normal'];

    protected $casts = [
        'customer_id' => 'integer',
        'reason_id' => 'integer',
        'assigned_to' => 'integer',
        'resolved_at' => 'datetime',
        'last_message_at' => 'datetime',
        'snoozed_until' => 'datetime',
        'waiting_since' => 'datetime',
        'response_due_at' => 'datetime',
        'merged_into' => 'integer',
    ];

    public function customer()
    {
        return $this->belongsTo(Customer::class);
    }

    public function reason()
    {
        return $this->belongsTo(SupportReason::class);
    }

    public function assignee()
    {
        return $this->belongsTo(Admin::class, 'assigned_to');
    }

    public function messages()
    {
        return $this->hasMany(SupportMessage::class, 'ticket_id');
    }

    /** The conversation: what the customer sees, without internal notes. */
    public function replies()
    {
        return $this->messages()->where('type', SupportMessage::REPLY);
    }

    /** The summary's `last_message`: a note is not part of the conversation. */
    public function latestMessage()
    {
        return $this->hasOne(SupportMessage::class, 'ticket_id')
            ->ofMany(['id' => 'max'], fn (Builder $q) => $q->where('type', SupportMessage::REPLY));
    }

    /** Contract v3 tags, internal to the desk; alphabetical for a stable summary. */
    public function tags()
    {
        return $this->hasMany(TicketTag::class, 'ticket_id')->orderBy('name');
    }

    /** Everything a ticket summary shows, in a fixed number of queries. */
    public function scopeWithSummary(Builder $query): Builder
    {
        return $query->with(['reason', 'customer', 'assignee', 'latestMessage', 'tags'])
            ->withCount(['replies as unread_count' => fn (Builder $m) => $m
                ->where('is_from_admin', false)->where('is_read', false)]);
    }

    /** The same, for a ticket already loaded. */
    public function loadSummary(): self
    {
        return $this->load(['reason', 'customer', 'assignee', 'latestMessage', 'tags'])
            ->loadCount(['replies as unread_count' => fn (Builder $m) => $m
                ->where('is_from_admin', false)->where('is_read', false)]);
    }

    /**
     * The ticket list's filters (TicketFilters): the inbox, the saved views'
     * counts and the fixed counts all go through here, so a count is always
     * the `total` the list answers for the same filters.
     */
    public function scopeFiltered(Builder $query, array $filters, Admin $admin): Builder
    {
        return TicketFilters::apply($query, $filters, $admin);
    }

    /** Snoozed right now: a snooze whose time has passed no longer counts, woken or not yet. */
    public function scopeSnoozed(Builder $query): Builder
    {
        return $query->where('snoozed_until', '>', now());
    }

    public function scopeNotSnoozed(Builder $query): Builder
    {
        return $query->where(fn ($q) => $q->whereNull('snoozed_until')->orWhere('snoozed_until', '<=', now()));
    }

    /** The snooze as the contract shows it: null once its time has passed. */
    public function activeSnooze(): ?\Carbon\CarbonInterface
    {
        return $this->snoozed_until?->isFuture() ? $this->snoozed_until : null;
    }

    /** Contract v3 `sla`: a customer waits for an answer (SupportTicket::syncWaiting()). */
    public function scopeWaiting(Builder $query): Builder
    {
        return $query->whereNotNull('waiting_since');
    }

    /** The answer a customer waits for is late, by this server's clock. */
    public function scopeOverdue(Builder $query): Builder
    {
        return $query->where('response_due_at', '<', now());
    }

    /**
     * When an answer to a customer waiting since `$since` is due, by the
     * desk's policy: `config/support.php`, the one place it is set.
     */
    public static function responseDueAt(\Carbon\CarbonInterface $since, ?string $priority): \Carbon\CarbonInterface
    {
        $minutes = config('support.response_due_minutes');

        return $since->copy()->addMinutes((int) ($minutes[$priority] ?? $minutes['normal']));
    }

    /**
     * Sets `waiting_since` and `response_due_at` from the thread (without
     * saving) and says whether they changed. A customer waits since their
     * oldest message that came after the desk's latest reply: notes do not
     * answer, and nobody waits on a closed ticket. Time order is the
     * messages' (created_at, id), which holds after a merge too.
     */
    public function syncWaiting(): bool
    {
        $since = null;
        if ($this->status === 'open') {
            $answer = $this->replies()->where('is_from_admin', true)
                ->orderByDesc('created_at')->orderByDesc('id')->first(['id', 'created_at']);
            $since = $this->replies()->where('is_from_admin', false)
                ->when($answer, fn ($m) => $m->where(fn ($w) => $w
                    ->where('created_at', '>', $answer->created_at)
                    ->orWhere(fn ($same) => $same->where('created_at', $answer->created_at)
                        ->where('id', '>', $answer->id))))
                ->orderBy('created_at')->orderBy('id')->first(['created_at'])?->created_at;
        }
        $this->waiting_since = $since;
        $this->response_due_at = $since ? self::responseDueAt($since, $this->priority) : null;

        return $this->isDirty(['waiting_since', 'response_due_at']);
    }

    /** A tag as stored and compared: trimmed and lower-cased (any script). */
    public static function normalizeTag(string $tag): string
    {
        return mb_strtolower(trim($tag), 'UTF-8');
    }

    /**
     * Applies a PATCH's validated changes (UpdateTicketRequest::changes())
     * atomically and says what changed, so the caller broadcasts
     * `ticket.status.changed` and/or `ticket.updated`. A change that does not
     * fit this ticket (a snooze on a closed ticket, more than MAX_TAGS tags)
     * is a ValidationException: a 422 for one ticket, a per-id error in bulk.
     *
     * @return array{status: bool, triage: bool}
     */
    public function applyChanges(array $changes): array
    {
        // A merged ticket's thread lives in its target: it stays closed.
        if ($this->merged_into !== null && ($changes['status'] ?? 'closed') !== 'closed') {
            throw ValidationException::withMessages(['status' => __('validation.ticket_merged')]);
        }
        $closing = ($changes['status'] ?? $this->status) === 'closed';
        if (isset($changes['snoozed_until']) && $closing) {
            throw ValidationException::withMessages(['snoozed_until' => __('validation.snooze_closed')]);
        }
        if ($closing && ! array_key_exists('snoozed_until', $changes)) {
            $changes['snoozed_until'] = null;        // closing clears the snooze
        }

        $tags = $this->tags->pluck('name')->all();
        $newTags = $changes['tags'] ?? $tags;
        $newTags = array_values(array_diff(array_unique([...$newTags, ...($changes['tags_add'] ?? [])]),
            $changes['tags_remove'] ?? []));
        sort($newTags);
        if (count($newTags) > self::MAX_TAGS) {
            throw ValidationException::withMessages(['tags' => __('validation.too_many_tags', ['max' => self::MAX_TAGS])]);
        }
        $tagsChanged = $newTags !== $tags;

        return DB::transaction(function () use ($changes, $newTags, $tagsChanged) {
            self::writeFirst();
            $this->fill(array_intersect_key($changes,
                array_flip(['status', 'assigned_to', 'resolved_at', 'priority', 'snoozed_until'])));
            $status = $this->isDirty(['status', 'assigned_to', 'resolved_at']);
            // Closing ends the wait, reopening may start it again, a priority moves the due time.
            $waiting = $this->isDirty(['status', 'priority']) && $this->syncWaiting();
            $triage = $this->isDirty(['priority', 'snoozed_until']) || $tagsChanged || $waiting;
            if ($tagsChanged) {
                $this->tags()->delete();
                $this->tags()->insert(array_map(fn ($name) => ['ticket_id' => $this->id, 'name' => $name], $newTags));
                $this->unsetRelation('tags');
            }
            if ($status || $triage) {
                // Saves the columns; `updated_at` moves with a tag change too,
                // since the panel keeps the newest row by it.
                $this->touch();
            }

            return ['status' => $status, 'triage' => $triage];
        }, self::WRITE_ATTEMPTS);
    }

    /**
     * Contract v3 `merge`: this ticket's messages and notes (their
     * attachments and mentions with them) move to `$into`, keeping their
     * ids, and this one is closed with `merged_into`. One transaction: a
     * merge happens whole or not at all. The rules are checked again inside
     * it, on rows locked for the rest of it (MySQL, Postgres; SQLite writes
     * one at a time anyway), so two merges at once cannot make a cycle.
     *
     * @return self the target, saved, with its waiting time from the joined thread
     */
    public function mergeInto(int $into): self
    {
        return DB::transaction(function () use ($into) {
            self::writeFirst();
            $source = self::lockForUpdate()->findOrFail($this->id);
            $target = self::lockForUpdate()->find($into);
            $refuse = fn (string $why) => throw ValidationException::withMessages(['into' => __("validation.$why")]);
            match (true) {
                $target === null => $refuse('no_such_ticket'),
                $target->id === $source->id => $refuse('merge_self'),
                $source->merged_into !== null => $refuse('merge_source_merged'),
                $target->merged_into !== null => $refuse('merge_target_merged'),
                $target->customer_id !== $source->customer_id => $refuse('merge_other_customer'),
                default => null,
            };

            // toBase(): a message that moves is not a message edited, its updated_at stays.
            $source->messages()->toBase()->update(['ticket_id' => $target->id]);

            $target->last_message_at = max($target->last_message_at, $source->last_message_at);
            $target->syncWaiting();
            $target->touch();                       // saves; the panel keeps the newest row by updated_at

            $source->fill(['status' => 'closed', 'resolved_at' => $source->resolved_at ?? now(),
                           'merged_into' => $target->id, 'snoozed_until' => null]);
            $source->syncWaiting();                 // closed: nobody waits on it any more
            $source->touch();
            $this->setRawAttributes($source->getAttributes(), true);

            return $target;
        }, self::WRITE_ATTEMPTS);
    }

    /** Ends a snooze (the customer wrote, or its time passed); true if there was one to end. */
    public function wake(): bool
    {
        if ($this->snoozed_until === null) {
            return false;
        }

        return $this->update(['snoozed_until' => null]);
    }

    /**
     * Stores a message (or a note) with its attachments, atomically. A reply
     * is the ticket's latest activity and starts or ends a customer's wait
     * (contract v3 `sla`); a note is nothing the customer could see, so it
     * leaves the ticket as it was.
     *
     * @param  \Illuminate\Http\UploadedFile[]  $files
     */
    public function post(array $attributes, array $files = [], array $mentions = [], ?Admin $by = null): SupportMessage
    {
        return DB::transaction(function () use ($attributes, $files, $mentions, $by) {
            self::writeFirst();
            // A reply and a customer's message at once: the second waits for
            // the first, so its syncWaiting() sees both (MySQL, Postgres).
            self::whereKey($this->id)->lockForUpdate()->first(['id']);
            $message = $this->messages()->create($attributes);
            foreach ($files as $file) {
                $message->attachments()->create(SupportAttachment::fromUpload($file));
            }
            foreach (array_unique($mentions) as $adminId) {
                $message->mentionEntries()->create(['admin_id' => $adminId, 'by_admin_id' => $by?->id]);
            }
            if (! $message->isNote()) {
                $this->last_message_at = $message->created_at;
                $this->syncWaiting();
                $this->save();
            }

            return $message;
        }, self::WRITE_ATTEMPTS);
    }

    /**
     * Up to `$limit` messages, oldest first, and whether more lie beyond:
     * the newest ones, or those before or after an id. Notes only when asked
     * (admins), so a customer's page and its `has_more` ignore them entirely.
     *
     * @return array{0: \Illuminate\Support\Collection, 1: bool}
     */
    public function thread(bool $withNotes, int $limit = 50, ?int $beforeId = null, ?int $afterId = null): array
    {
        $page = ($withNotes ? $this->messages() : $this->replies())
            ->with(['attachments', 'mentions'])
            ->when($beforeId, fn ($m) => $m->where('id', '<', $beforeId))
            ->when($afterId, fn ($m) => $m->where('id', '>', $afterId)->orderBy('id'), fn ($m) => $m->orderByDesc('id'))
            ->limit($limit + 1)
            ->get();

        return [$page->take($limit)->sortBy('id')->values(), $page->count() > $limit];
    }
}
