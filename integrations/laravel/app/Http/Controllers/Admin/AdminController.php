<?php

namespace App\Http\Controllers\Admin;

use App\Http\Resources\AdminResource;
use App\Models\Admin;

class AdminController
{
    public function index()
    {
        return AdminResource::collection(Admin::orderBy('id')->get());
    }
}
