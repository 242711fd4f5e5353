<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Builder;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Support\Facades\DB;

class SupportTicket extends Model
{
    protected $fillable = ['customer_id', 'reason_id', 'assigned_to', 'subject', 'status', 'resolved_at', 'last_message_at'];

    protected $casts = [
        'customer_id' => 'integer',
        'reason_id' => 'integer',
        'assigned_to' => 'integer',
        'resolved_at' => 'datetime',
        'last_message_at' => 'datetime',
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

    /** Everything a ticket summary shows, in a fixed number of queries. */
    public function scopeWithSummary(Builder $query): Builder
    {
        return $query->with(['reason', 'customer', 'assignee', 'latestMessage'])
            ->withCount(['replies as unread_count' => fn (Builder $m) => $m
                ->where('is_from_admin', false)->where('is_read', false)]);
    }

    /** The same, for a ticket already loaded. */
    public function loadSummary(): self
    {
        return $this->load(['reason', 'customer', 'assignee', 'latestMessage'])
            ->loadCount(['replies as unread_count' => fn (Builder $m) => $m
                ->where('is_from_admin', false)->where('is_read', false)]);
    }

    /**
     * Stores a message (or a note) with its attachments, atomically. A reply
     * is the ticket's latest activity; a note is nothing the customer could
     * see, so it leaves the ticket as it was.
     *
     * @param  \Illuminate\Http\UploadedFile[]  $files
     */
    public function post(array $attributes, array $files = [], array $mentions = []): SupportMessage
    {
        return DB::transaction(function () use ($attributes, $files, $mentions) {
            $message = $this->messages()->create($attributes);
            foreach ($files as $file) {
                $message->attachments()->create(SupportAttachment::fromUpload($file));
            }
            $message->mentions()->sync($mentions);
            if (! $message->isNote()) {
                $this->update(['last_message_at' => $message->created_at]);
            }

            return $message;
        });
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
