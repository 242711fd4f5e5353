<?php

namespace App\Http\Controllers\Customer;

use App\Events\TicketCreated;
use App\Http\Requests\StoreTicketRequest;
use App\Http\Resources\CustomerTicketDetailResource;
use App\Http\Resources\CustomerTicketResource;
use Illuminate\Http\Request;
use Illuminate\Support\Str;

/**
 * The seed's customer API: a customer sees only their own tickets, never a
 * note, and never the desk's triage fields (Customer* resources).
 */
class TicketController
{
    public function index(Request $request)
    {
        $perPage = (int) ($request->validate(['page' => 'nullable|integer|min:1',
                                              'per_page' => 'nullable|integer|min:1|max:100'])['per_page'] ?? 20);

        return CustomerTicketResource::collection(
            $request->user()->tickets()->withSummary()
                ->orderByDesc('last_message_at')->orderByDesc('id')
                ->paginate($perPage)->withQueryString()  // links keep per_page
        );
    }

    public function store(StoreTicketRequest $request)
    {
        $customer = $request->user();
        $text = $request->input('message');
        $ticket = $customer->tickets()->create([
            'reason_id' => $request->input('reason_id'),
            'subject' => $request->input('subject') ?? ($text ? Str::limit($text, 60, '') : 'Archivo adjunto'),
            'status' => 'open',
        ]);
        // The first message comes with the ticket; `ticket.created` carries it as last_message.
        $ticket->post(['message' => $text, 'is_from_admin' => false, 'sender_name' => $customer->name],
            $request->file('attachments', []));
        broadcast(new TicketCreated($ticket))->toOthers();

        return (new CustomerTicketResource($ticket->loadSummary()))->response()->setStatusCode(201);
    }

    public function show(Request $request, int $ticket)
    {
        // Another customer's ticket does not exist for this one: 404, not 403.
        $ticket = $request->user()->tickets()->findOrFail($ticket);
        [$messages, $hasMore] = $ticket->thread(withNotes: false);

        return new CustomerTicketDetailResource($ticket->loadSummary(), $messages, $hasMore);
    }
}
