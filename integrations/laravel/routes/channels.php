<?php

use App\Models\Admin;
use App\Models\Customer;
use App\Models\SupportTicket;
use Illuminate\Support\Facades\Broadcast;

/*
 * Laravel matches a rule after taking `private-` / `presence-` off the
 * channel name. For a presence channel the array returned becomes
 * `channel_data.user_info`; for a private one any truthy value allows.
 * A channel no rule matches is refused (403).
 */

// Every admin's live inbox.
Broadcast::channel('support.admin', fn ($user) => $user instanceof Admin);

// The ticket's private channel (customer app, open thread) and its presence
// channel (admins only, with their name for "also viewing"). The ticket is
// bound like a route parameter: a missing one is a 403.
Broadcast::channel('support.ticket.{ticket}', function ($user, SupportTicket $ticket) {
    if ($user instanceof Admin) {
        return ['name' => $user->name];
    }
    $presence = str_starts_with((string) request('channel_name'), 'presence-');

    return ! $presence && $user instanceof Customer && $ticket->customer_id === $user->id;
});

// The seed's customer channel.
Broadcast::channel('customer.{customerId}', fn ($user, $customerId) =>
    $user instanceof Customer && (string) $user->id === $customerId);

// v2 mentions: only that admin.
Broadcast::channel('admin.{adminId}', fn ($user, $adminId) =>
    $user instanceof Admin && (string) $user->id === $adminId);
