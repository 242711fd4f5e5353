<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

/** Contract v3 `mentions_list`: an admin named in a note, read or not yet. */
class Mention extends Model
{
    protected $fillable = ['admin_id', 'by_admin_id', 'read_at'];

    protected $casts = ['message_id' => 'integer', 'admin_id' => 'integer', 'by_admin_id' => 'integer',
                        'read_at' => 'datetime'];

    public function message()
    {
        return $this->belongsTo(SupportMessage::class, 'message_id');
    }

    public function mentioned()
    {
        return $this->belongsTo(Admin::class, 'admin_id');
    }

    public function by()
    {
        return $this->belongsTo(Admin::class, 'by_admin_id');
    }
}
