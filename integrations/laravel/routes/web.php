<?php

use App\Http\Controllers\AttachmentController;
use App\Http\Controllers\PanelController;
use Illuminate\Support\Facades\Route;

Route::get('healthz', fn () => ['status' => 'ok']);

// Contract v2 "Attachments": only through a temporary signed URL, and one
// bound to a session only while that session's token lives.
Route::get('storage/attachments/{attachment}/{name}', [AttachmentController::class, 'show'])
    ->middleware(['signed', 'signed.session'])->name('attachments.show');

Route::get('config.json', [PanelController::class, 'config']);
Route::get('{path?}', PanelController::class)->where('path', '.*');
