<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration {
    public function up(): void
    {
        // Contract v2 `viewers`: who has a ticket open, as the server saw it.
        // A row lives 45 s after its last PUT (TicketViewer::TTL_SECONDS).
        Schema::create('ticket_viewers', function (Blueprint $t) {
            $t->id();
            $t->foreignId('ticket_id')->constrained('support_tickets')->cascadeOnDelete();
            $t->foreignId('admin_id')->constrained('admins')->cascadeOnDelete();
            $t->boolean('typing')->default(false);
            $t->timestamp('seen_at')->index();
            $t->unique(['ticket_id', 'admin_id']);
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('ticket_viewers');
    }
};
