<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/**
 * Contract v3 "triage and time": a ticket's priority, tags and snooze,
 * none of them ever shown to a customer.
 */
return new class extends Migration {
    public function up(): void
    {
        Schema::table('support_tickets', function (Blueprint $t) {
            // low | normal | high | urgent (SupportTicket::PRIORITIES).
            $t->string('priority', 10)->default('normal')->index();
            // Out of the open queue while in the future (SupportTicket::scopeSnoozed).
            $t->timestamp('snoozed_until')->nullable()->index();
        });

        // One row per tag on a ticket: filtering by a tag and counting the
        // tags in use are plain indexed queries, on SQLite as on MySQL.
        Schema::create('support_ticket_tags', function (Blueprint $t) {
            $t->foreignId('ticket_id')->constrained('support_tickets')->cascadeOnDelete();
            $t->string('name', 32);
            $t->primary(['ticket_id', 'name']);
            $t->index('name');
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('support_ticket_tags');
        Schema::table('support_tickets', function (Blueprint $t) {
            $t->dropIndex(['priority']);
            $t->dropIndex(['snoozed_until']);
            $t->dropColumn(['priority', 'snoozed_until']);
        });
    }
};
