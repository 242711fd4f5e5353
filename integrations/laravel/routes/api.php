<?php

use App\Http\Controllers\Admin;
use App\Http\Controllers\Customer;
use App\Http\Controllers\ReasonController;
use Illuminate\Support\Facades\Route;

// Prefixed `api` and in the `api` middleware group (RouteServiceProvider).
Route::prefix('v1')->group(function () {
    Route::get('support/reasons', ReasonController::class);

    // The seed's customer API; the sign-in is the dev server's.
    Route::post('auth/login', [Customer\AuthController::class, 'login']);
    Route::post('auth/logout', [Customer\AuthController::class, 'logout'])->middleware('auth:customer');
    Route::middleware('auth:customer')->prefix('support')->group(function () {
        Route::get('tickets', [Customer\TicketController::class, 'index']);
        Route::post('tickets', [Customer\TicketController::class, 'store']);
        Route::get('tickets/{ticket}', [Customer\TicketController::class, 'show'])->whereNumber('ticket');
        Route::post('tickets/{ticket}/messages', [Customer\MessageController::class, 'store'])->whereNumber('ticket');
    });

    Route::prefix('admin')->group(function () {
        Route::post('auth/login', [Admin\AuthController::class, 'login']);

        Route::middleware('auth:admin')->group(function () {
            Route::post('auth/logout', [Admin\AuthController::class, 'logout']);
            Route::get('auth/me', [Admin\AuthController::class, 'me']);
            Route::get('capabilities', Admin\CapabilitiesController::class);
            Route::get('support/admins', [Admin\AdminController::class, 'index']);
            Route::get('support/tickets', [Admin\TicketController::class, 'index']);
            Route::patch('support/tickets', [Admin\TicketController::class, 'bulkUpdate']);
            Route::get('support/tickets/{ticket}', [Admin\TicketController::class, 'show']);
            Route::patch('support/tickets/{ticket}', [Admin\TicketController::class, 'update']);
            Route::get('support/tickets/{ticket}/messages', [Admin\MessageController::class, 'index']);
            Route::post('support/tickets/{ticket}/messages', [Admin\MessageController::class, 'store'])
                ->middleware('idempotent');
            Route::post('support/tickets/{ticket}/notes', [Admin\NoteController::class, 'store'])
                ->middleware('idempotent');
            Route::post('support/tickets/{ticket}/read', [Admin\TicketController::class, 'read']);
            Route::post('support/tickets/{ticket}/merge', [Admin\TicketController::class, 'merge'])
                ->middleware('idempotent');                         // contract v3 `merge`
            Route::apiResource('support/canned-replies', Admin\CannedReplyController::class)
                ->except('show')->parameters(['canned-replies' => 'canned_reply']);
            Route::get('support/customers/{customer}', [Admin\CustomerController::class, 'show']);
            Route::get('support/viewers', [Admin\ViewerController::class, 'index']);
            Route::put('support/tickets/{ticket}/viewing', [Admin\ViewerController::class, 'update']);
            Route::delete('support/tickets/{ticket}/viewing', [Admin\ViewerController::class, 'destroy']);

            // Contract v3 "triage and time".
            Route::get('support/tags', [Admin\TagController::class, 'index']);
            Route::get('views/counts', [Admin\ViewController::class, 'counts']);
            Route::apiResource('views', Admin\ViewController::class)->except('show')->where(['view' => '[0-9]+']);
            Route::get('mentions', [Admin\MentionController::class, 'index']);
            Route::post('mentions/{mention}/read', [Admin\MentionController::class, 'read'])->whereNumber('mention');
        });
    });
});
