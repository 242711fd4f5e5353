<?php

namespace App\Policies;

use App\Models\Admin;
use App\Models\CannedReply;

class CannedReplyPolicy
{
    /** Only the owner changes or deletes a reply, shared or not. */
    public function update(Admin $admin, CannedReply $reply): bool
    {
        return $admin->id === $reply->owner_id;
    }

    public function delete(Admin $admin, CannedReply $reply): bool
    {
        return $admin->id === $reply->owner_id;
    }
}
