<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

class SupportReason extends Model
{
    public $timestamps = false;

    protected $fillable = ['name'];
}
