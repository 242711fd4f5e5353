<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/** Contract v3 saved views: an admin's named ticket-list filters, private or shared. */
return new class extends Migration {
    public function up(): void
    {
        Schema::create('saved_views', function (Blueprint $t) {
            $t->id();
            $t->foreignId('owner_id')->constrained('admins')->cascadeOnDelete();
            $t->string('name', 60);
            $t->json('filters');          // the ticket list's filters (TicketFilters::KEYS)
            $t->boolean('shared')->default(false);
            $t->unsignedInteger('position')->default(0);
            $t->timestamps();
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('saved_views');
    }
};
