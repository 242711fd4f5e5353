<?php

namespace App\Http\Controllers;

use App\Models\SupportReason;

class ReasonController
{
    public function __invoke()
    {
        return ['data' => SupportReason::orderBy('id')->get(['id', 'name'])];
    }
}
