<?php

namespace App\Policies;

use App\Models\Admin;
use App\Models\CannedReply;
use Illuminate\Auth\Access\Response;

class CannedReplyPolicy
{
    /** Only the owner changes or deletes a reply, shared or not (403 with why). */
    public function update(Admin $admin, CannedReply $reply): Response
    {
        return $admin->id === $reply->owner_id
            ? Response::allow()
            : Response::deny(__('validation.not_your_reply'));
    }

    public function delete(Admin $admin, CannedReply $reply): Response
    {
        return $this->update($admin, $reply);
    }
}
