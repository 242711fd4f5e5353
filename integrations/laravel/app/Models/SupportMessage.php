<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

class SupportMessage extends Model
{
    public const REPLY = 'reply';
    public const NOTE = 'note';

    protected $fillable = ['type', 'message', 'is_from_admin', 'is_read', 'sender_name'];

    protected $attributes = ['type' => self::REPLY, 'is_read' => false];

    protected $casts = [
        'ticket_id' => 'integer',
        'is_from_admin' => 'boolean',
        'is_read' => 'boolean',
    ];

    public function ticket()
    {
        return $this->belongsTo(SupportTicket::class, 'ticket_id');
    }

    public function attachments()
    {
        return $this->hasMany(SupportAttachment::class, 'message_id');
    }

    /** The admins a note mentions (contract v2's `mentions` ids). */
    public function mentions()
    {
        return $this->belongsToMany(Admin::class, 'mentions', 'message_id', 'admin_id')
            ->orderBy('admins.id');
    }

    /** The same mentions as rows, with their ids and read state (contract v3 `mentions_list`). */
    public function mentionEntries()
    {
        return $this->hasMany(Mention::class, 'message_id');
    }

    public function isNote(): bool
    {
        return $this->type === self::NOTE;
    }
}
