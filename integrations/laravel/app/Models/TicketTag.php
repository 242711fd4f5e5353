<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

/** Contract v3: one tag on one ticket, stored normalized (SupportTicket::normalizeTag()). */
class TicketTag extends Model
{
    protected $table = 'support_ticket_tags';

    public $timestamps = false;

    public $incrementing = false;

    protected $primaryKey = null;

    protected $fillable = ['ticket_id', 'name'];
}
