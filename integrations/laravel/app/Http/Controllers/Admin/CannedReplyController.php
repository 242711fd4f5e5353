<?php

namespace App\Http\Controllers\Admin;

use App\Http\Requests\CannedReplyRequest;
use App\Http\Resources\CannedReplyResource;
use App\Models\CannedReply;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Gate;

/** Contract v2 canned replies: the admin's own and every shared one. */
class CannedReplyController
{
    public function index(Request $request)
    {
        return CannedReplyResource::collection(CannedReply::visibleTo($request->user())->orderBy('id')->get());
    }

    public function store(CannedReplyRequest $request)
    {
        $reply = $request->user()->cannedReplies()->create($request->validated());

        return (new CannedReplyResource($reply))->response()->setStatusCode(201);
    }

    public function update(CannedReplyRequest $request, CannedReply $cannedReply)
    {
        $cannedReply->update($request->validated());

        return new CannedReplyResource($cannedReply);
    }

    public function destroy(CannedReply $cannedReply)
    {
        Gate::authorize('delete', $cannedReply);
        $cannedReply->delete();

        return response()->noContent();
    }
}
