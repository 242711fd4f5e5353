<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration {
    public function up(): void
    {
        // Sanctum's table, by hand: one row per sign-in, so an admin signed
        // in on a laptop and a phone has two tokens, and logging out on one
        // leaves the other. `token` is the SHA-256 of the secret; the plain
        // token is shown once, in the sign-in's answer.
        Schema::create('personal_access_tokens', function (Blueprint $t) {
            $t->id();
            $t->morphs('tokenable'); // an Admin or a Customer
            $t->string('name'); // the device: `device_name`, else the User-Agent
            $t->string('token', 64)->unique();
            $t->timestamp('last_used_at')->nullable();
            $t->timestamps();
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('personal_access_tokens');
    }
};
