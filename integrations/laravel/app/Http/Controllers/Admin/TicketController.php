<?php

namespace App\Http\Controllers\Admin;

use App\Events\TicketMerged;
use App\Events\TicketStatusChanged;
use App\Events\TicketUpdated;
use App\Http\Requests\BulkUpdateTicketsRequest;
use App\Http\Requests\MergeTicketRequest;
use App\Http\Requests\TicketIndexRequest;
use App\Http\Requests\UpdateTicketRequest;
use App\Http\Resources\TicketDetailResource;
use App\Http\Resources\TicketSummaryResource;
use App\Models\SupportMessage;
use App\Models\SupportTicket;
use App\Support\TicketFilters;
use Illuminate\Validation\ValidationException;

class TicketController
{
    /**
     * The inbox: filters (TicketFilters, shared with the views' counts),
     * sort, and Laravel's paginator.
     */
    public function index(TicketIndexRequest $request)
    {
        $filters = $request->filters();
        $tickets = SupportTicket::query()->withSummary()->filtered($filters, $request->user());
        TicketFilters::sort($tickets, $filters['sort']);

        // (int): Laravel 8's paginator keeps per_page as given, a query string;
        // withQueryString(): the `links` keep the filters (Laravel drops them).
        return TicketSummaryResource::collection(
            $tickets->paginate((int) ($request->validated()['per_page'] ?? 50))->withQueryString());
    }

    /** The summary and the newest 50 messages, notes included. */
    public function show(SupportTicket $ticket)
    {
        [$messages, $hasMore] = $ticket->thread(withNotes: true);

        return new TicketDetailResource($ticket->loadSummary(), $messages, $hasMore);
    }

    /** Status, assignment and (v3) priority, tags, snooze: a 422 names what does not fit. */
    public function update(UpdateTicketRequest $request, SupportTicket $ticket)
    {
        $this->change($ticket, $request->changes());

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
            try {
                $this->change($ticket, $changes);
            } catch (ValidationException $e) {
                // One ticket's reason (a snooze on a closed ticket, too many tags), not the batch's.
                $errors[$id] = collect($e->errors())->flatten()->first();
                continue;
            }
            $changed[] = $ticket->loadSummary();
        }

        return ['data' => TicketSummaryResource::collection($changed), 'errors' => (object) $errors];
    }

    /**
     * Applies one ticket's changes and tells the admins: `ticket.status.changed`
     * (status, assignment; also on the ticket's own channel, for the customer)
     * and, for what that event does not carry, `ticket.updated` with the summary.
     */
    private function change(SupportTicket $ticket, array $changes): void
    {
        $changed = $ticket->applyChanges($changes);
        // As in v1, a status or assignment write is announced even when it
        // changes nothing, so every client converges on the server's state.
        if ($changed['status'] || array_key_exists('status', $changes) || array_key_exists('assigned_to', $changes)) {
            broadcast(new TicketStatusChanged($ticket))->toOthers();
        }
        if ($changed['triage']) {
            broadcast(new TicketUpdated($ticket))->toOthers();
        }
    }

    /**
     * Contract v3 `merge`, behind the `idempotent` middleware: one
     * transaction (SupportTicket::mergeInto()), then, once it is committed,
     * `ticket.merged` for the admins and whoever has the source open, the
     * seed's `ticket.status.changed` (closed) for the customer's app, and
     * `ticket.updated` with the target's new summary (its thread, its
     * waiting time).
     */
    public function merge(MergeTicketRequest $request, SupportTicket $ticket)
    {
        $target = $ticket->mergeInto((int) $request->validated()['into']);

        broadcast(new TicketMerged($ticket))->toOthers();
        broadcast(new TicketStatusChanged($ticket))->toOthers();
        broadcast(new TicketUpdated($target))->toOthers();

        return new TicketSummaryResource($target->loadSummary());
    }

    /** The customer's messages are read; notes are nobody's to read. */
    public function read(SupportTicket $ticket)
    {
        $ticket->replies()->where('is_from_admin', false)->update(['is_read' => true]);

        return response()->noContent();
    }
}
