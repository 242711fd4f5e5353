<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration {
    public function up(): void
    {
        Schema::create('support_reasons', function (Blueprint $t) {
            $t->id();
            $t->string('name');
        });

        Schema::create('support_tickets', function (Blueprint $t) {
            $t->id();
            $t->foreignId('customer_id')->constrained();
            $t->foreignId('reason_id')->nullable()->constrained('support_reasons');
            $t->foreignId('assigned_to')->nullable()->constrained('admins');
            $t->string('subject', 150);
            $t->string('status', 10)->default('open');
            $t->timestamp('resolved_at')->nullable();
            $t->timestamp('last_message_at')->nullable()->index();
            $t->timestamps();
        });

        Schema::create('support_messages', function (Blueprint $t) {
            $t->id();
            $t->foreignId('ticket_id')->constrained('support_tickets');
            // `note`: contract v2's internal notes, which customers never see.
            $t->string('type', 10)->default('reply');
            $t->text('message')->nullable();
            $t->boolean('is_from_admin');
            $t->boolean('is_read')->default(false);
            $t->string('sender_name');
            $t->timestamps();
            $t->index(['ticket_id', 'id']);
        });

        Schema::create('support_attachments', function (Blueprint $t) {
            $t->id();
            $t->foreignId('message_id')->constrained('support_messages');
            $t->string('path');
            $t->string('file_name');
            $t->string('mime_type');
            $t->unsignedInteger('file_size');
            $t->timestamps();
        });

        Schema::create('support_message_mentions', function (Blueprint $t) {
            $t->foreignId('message_id')->constrained('support_messages');
            $t->foreignId('admin_id')->constrained('admins');
            $t->primary(['message_id', 'admin_id']);
        });

        Schema::create('canned_replies', function (Blueprint $t) {
            $t->id();
            $t->foreignId('owner_id')->constrained('admins');
            $t->string('title', 80);
            $t->string('shortcut', 32);
            $t->text('body');
            $t->boolean('shared')->default(false);
            $t->timestamps();
            $t->unique(['owner_id', 'shortcut']);
        });
    }

    public function down(): void
    {
        foreach (['canned_replies', 'support_message_mentions', 'support_attachments',
            'support_messages', 'support_tickets', 'support_reasons'] as $table) {
            Schema::dropIfExists($table);
        }
    }
};
