<?php

namespace App\Http\Controllers\Admin;

use App\Events\TicketStatusChanged;
use App\Http\Requests\BulkUpdateTicketsRequest;
use App\Http\Requests\TicketIndexRequest;
use App\Http\Requests\UpdateTicketRequest;
use App\Http\Resources\TicketDetailResource;
use App\Http\Resources\TicketSummaryResource;
use App\Models\SupportMessage;
use App\Models\SupportTicket;

class TicketController
{
    /** The inbox: filters, search, sort, and Laravel's paginator. */
    public function index(TicketIndexRequest $request)
    {
        $q = $request->validated();
        $tickets = SupportTicket::query()->withSummary()
            ->when(($q['status'] ?? 'all') !== 'all', fn ($t) => $t->where('status', $q['status']))
            ->when($q['assigned'] ?? null, fn ($t, $a) => match ($a) {
                'me' => $t->where('assigned_to', $request->user()->id),
                'unassigned' => $t->whereNull('assigned_to'),
                'any' => $t,
                default => $t->where('assigned_to', (int) $a),
            })
            ->when($q['reason_id'] ?? null, fn ($t, $id) => $t->where('reason_id', $id))
            ->when($q['customer_id'] ?? null, fn ($t, $id) => $t->where('customer_id', $id))
            ->when($q['search'] ?? null, function ($t, $s) {
                $like = '%'.addcslashes($s, '%_\\').'%';
                $t->where(fn ($w) => $w
                    ->where('subject', 'like', $like)
                    ->orWhereHas('customer', fn ($c) => $c->where('name', 'like', $like)->orWhere('email', 'like', $like))
                    ->orWhereHas('messages', fn ($m) => $m->where('message', 'like', $like)));
            })
            ->when($q['sort'] ?? '-last_message_at', fn ($t, $sort) => match ($sort) {
                'last_message_at' => $t->orderBy('last_message_at')->orderBy('id'),
                '-created_at' => $t->orderByDesc('created_at')->orderByDesc('id'),
                default => $t->orderByDesc('last_message_at')->orderByDesc('id'),
            });

        // (int): Laravel 8's paginator keeps per_page as given, a query string;
        // withQueryString(): the `links` keep the filters (Laravel drops them).
        return TicketSummaryResource::collection($tickets->paginate((int) ($q['per_page'] ?? 50))->withQueryString());
    }

    /** The summary and the newest 50 messages, notes included. */
    public function show(SupportTicket $ticket)
    {
        [$messages, $hasMore] = $ticket->thread(withNotes: true);

        return new TicketDetailResource($ticket->loadSummary(), $messages, $hasMore);
    }

    public function update(UpdateTicketRequest $request, SupportTicket $ticket)
    {
        $ticket->update($request->changes());
        broadcast(new TicketStatusChanged($ticket))->toOthers();   // assignment changes too

        return new TicketSummaryResource($ticket->loadSummary());
    }

    /**
     * Contract v2 bulk changes: each ticket on its own, so one failure does
     * not stop the rest; each change broadcasts like a single PATCH.
     */
    public function bulkUpdate(BulkUpdateTicketsRequest $request)
    {
        $changes = $request->changes();
        $changed = [];
        $errors = [];
        foreach (array_unique($request->input('ids')) as $id) {
            $ticket = SupportTicket::find($id);
            if (! $ticket) {
                $errors[$id] = __('validation.no_such_ticket');
                continue;
            }
            $ticket->update($changes);
            broadcast(new TicketStatusChanged($ticket))->toOthers();
            $changed[] = $ticket->loadSummary();
        }

        return ['data' => TicketSummaryResource::collection($changed), 'errors' => (object) $errors];
    }

    /** The customer's messages are read; notes are nobody's to read. */
    public function read(SupportTicket $ticket)
    {
        $ticket->replies()->where('is_from_admin', false)->update(['is_read' => true]);

        return response()->noContent();
    }
}
