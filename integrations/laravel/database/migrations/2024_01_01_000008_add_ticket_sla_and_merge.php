<?php

use App\Models\SupportTicket;
use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/**
 * Contract v3 `sla` and `merge`: who waits since when, when the answer is
 * due, and which ticket a merged one went into. Stored rather than derived
 * per request, so `waiting=1`, `overdue=1` and `sort=response_due_at` are
 * plain indexed queries; SupportTicket::syncWaiting() keeps them current.
 */
return new class extends Migration {
    public function up(): void
    {
        Schema::table('support_tickets', function (Blueprint $t) {
            $t->timestamp('waiting_since')->nullable();
            $t->timestamp('response_due_at')->nullable()->index();
            $t->foreignId('merged_into')->nullable()->constrained('support_tickets');
        });

        // Tickets that existed before: their waiting and due times from their threads.
        SupportTicket::query()->eachById(function (SupportTicket $ticket) {
            if ($ticket->syncWaiting()) {
                $ticket->timestamps = false;      // derived from the thread, not a change to it
                $ticket->saveQuietly();
            }
        });
    }

    public function down(): void
    {
        Schema::table('support_tickets', function (Blueprint $t) {
            if (Schema::getConnection()->getDriverName() !== 'sqlite') {   // SQLite cannot drop one
                $t->dropForeign(['merged_into']);
            }
            $t->dropIndex(['response_due_at']);
            $t->dropColumn(['waiting_since', 'response_due_at', 'merged_into']);
        });
    }
};
