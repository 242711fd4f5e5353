<?php

namespace App\Models;

use App\Events\TicketViewersChanged;
use Illuminate\Database\Eloquent\Model;

/** Contract v2 `viewers`: an admin with a ticket open, and whether typing. */
class TicketViewer extends Model
{
    /** An entry expires this long after its last `PUT .../viewing`. */
    public const TTL_SECONDS = 45;

    public $timestamps = false;

    protected $fillable = ['ticket_id', 'admin_id', 'typing', 'seen_at'];

    protected $casts = ['ticket_id' => 'integer', 'admin_id' => 'integer',
                        'typing' => 'boolean', 'seen_at' => 'datetime'];

    public function admin()
    {
        return $this->belongsTo(Admin::class);
    }

    /** Drops expired entries and broadcasts `ticket.viewers` for each ticket whose list changed. */
    public static function pruneExpired(): int
    {
        $expired = static::where('seen_at', '<', now()->subSeconds(self::TTL_SECONDS));
        $tickets = (clone $expired)->distinct()->pluck('ticket_id')->all();
        if ($tickets === []) {
            return 0;
        }
        $expired->delete();
        foreach ($tickets as $ticketId) {
            broadcast(new TicketViewersChanged((int) $ticketId));
        }

        return count($tickets);
    }

    /** `[{id, name, typing}]`, sorted by admin id: the event's and the index's shape. */
    public static function listFor(int $ticketId): array
    {
        return static::with('admin:id,name')->where('ticket_id', $ticketId)->orderBy('admin_id')->get()
            ->map(fn (self $v) => $v->asEntry())->values()->all();
    }

    public function asEntry(): array
    {
        return ['id' => $this->admin_id, 'name' => $this->admin->name, 'typing' => $this->typing];
    }
}
