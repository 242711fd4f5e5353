<?php

namespace App\Policies;

use App\Models\Admin;
use App\Models\SavedView;
use Illuminate\Auth\Access\Response;

class SavedViewPolicy
{
    /** Only the owner changes or deletes a view, shared or not (403 with why). */
    public function update(Admin $admin, SavedView $view): Response
    {
        return $admin->id === $view->owner_id
            ? Response::allow()
            : Response::deny(__('validation.not_your_view'));
    }

    public function delete(Admin $admin, SavedView $view): Response
    {
        return $this->update($admin, $view);
    }
}
