<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

/**
 * Contract v3 `mentions_list`: mentions become rows of their own, each with
 * an id, who made it and whether the mentioned admin has read it. They
 * replace v2's pivot, whose rows are carried over.
 */
return new class extends Migration {
    public function up(): void
    {
        Schema::create('mentions', function (Blueprint $t) {
            $t->id();
            $t->foreignId('message_id')->constrained('support_messages')->cascadeOnDelete();
            $t->foreignId('admin_id')->constrained('admins')->cascadeOnDelete();   // the mentioned one
            // Who wrote the note; null only for v2 rows whose author is unknown.
            $t->foreignId('by_admin_id')->nullable()->constrained('admins')->nullOnDelete();
            $t->timestamp('read_at')->nullable();
            $t->timestamps();
            $t->unique(['message_id', 'admin_id']);
            $t->index(['admin_id', 'read_at', 'id']);
        });
        // v2 stored no author id: the note's sender name is the best witness left.
        DB::statement('INSERT INTO mentions (message_id, admin_id, by_admin_id, created_at, updated_at)
            SELECT p.message_id, p.admin_id,
                   (SELECT a.id FROM admins a WHERE a.name = m.sender_name ORDER BY a.id LIMIT 1),
                   m.created_at, m.created_at
            FROM support_message_mentions p JOIN support_messages m ON m.id = p.message_id');
        Schema::drop('support_message_mentions');
    }

    public function down(): void
    {
        Schema::create('support_message_mentions', function (Blueprint $t) {
            $t->foreignId('message_id')->constrained('support_messages');
            $t->foreignId('admin_id')->constrained('admins');
            $t->primary(['message_id', 'admin_id']);
        });
        DB::statement('INSERT INTO support_message_mentions (message_id, admin_id) SELECT message_id, admin_id FROM mentions');
        Schema::dropIfExists('mentions');
    }
};
