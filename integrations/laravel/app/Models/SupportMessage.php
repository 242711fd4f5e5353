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

    /** The admins a note mentions (contract v2). */
    public function mentions()
    {
        return $this->belongsToMany(Admin::class, 'support_message_mentions', 'message_id', 'admin_id')
            ->orderBy('admins.id');
    }

    public function isNote(): bool
    {
        return $this->type === self::NOTE;
    }
}
