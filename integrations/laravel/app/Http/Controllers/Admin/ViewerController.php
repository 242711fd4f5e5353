<?php

namespace App\Http\Controllers\Admin;

use App\Events\TicketViewersChanged;
use App\Http\Requests\ViewingRequest;
use App\Models\SupportTicket;
use App\Models\TicketViewer;
use Illuminate\Http\Request;

/**
 * Contract v2 `viewers`: the panel PUTs every 20 s while a ticket is open and
 * on each typing change, and DELETEs on leaving; an entry expires 45 s after
 * its last PUT. Every call prunes the expired ones first.
 */
class ViewerController
{
    public function index()
    {
        TicketViewer::pruneExpired();
        $byTicket = TicketViewer::with('admin:id,name')->orderBy('ticket_id')->orderBy('admin_id')->get()
            ->groupBy('ticket_id')
            ->map(fn ($viewers) => $viewers->map(fn (TicketViewer $v) => $v->asEntry())->values());

        return ['data' => (object) $byTicket->all()];  // `{}` when nobody is on a ticket
    }

    public function update(ViewingRequest $request, SupportTicket $ticket)
    {
        TicketViewer::pruneExpired();
        $typing = $request->typing();
        $entry = TicketViewer::firstOrNew(['ticket_id' => $ticket->id, 'admin_id' => $request->user()->id]);
        $changed = ! $entry->exists || $entry->typing !== $typing;
        $entry->fill(['typing' => $typing, 'seen_at' => now()])->save();
        if ($changed) {
            broadcast(new TicketViewersChanged($ticket->id));
        }

        return response()->noContent();
    }

    public function destroy(Request $request, SupportTicket $ticket)
    {
        TicketViewer::pruneExpired();
        $gone = TicketViewer::where('ticket_id', $ticket->id)->where('admin_id', $request->user()->id)->delete();
        if ($gone > 0) {
            broadcast(new TicketViewersChanged($ticket->id));
        }

        return response()->noContent();
    }
}
