<?php

namespace App\Http\Resources;

use App\Models\SupportMessage;
use Illuminate\Http\Resources\Json\JsonResource;

/** The seed's message shape, plus contract v2's `type` and a note's `mentions`. */
class MessageResource extends JsonResource
{
    /** A broadcast's payload: attachment URLs bound to no session, and short-lived. */
    private bool $forBroadcast = false;

    /**
     * The message as a broadcast carries it. Never bound to the session of
     * the request that caused it (a broadcast may even be sent within that
     * request): everyone on the channel gets the same short-lived URLs.
     */
    public static function forBroadcast(SupportMessage $message): array
    {
        $resource = new static($message);
        $resource->forBroadcast = true;

        return $resource->resolve();
    }

    public function toArray($request): array
    {
        // An answer's URLs are bound to the token that asked for it.
        $session = $this->forBroadcast ? null : $request->user()?->currentAccessToken();

        return [
            'id' => $this->id,
            'type' => $this->type,
            'message' => $this->message,                 // null for attachments only
            'is_from_admin' => $this->is_from_admin,
            'is_read' => $this->is_read,
            'sender' => ['type' => $this->is_from_admin ? 'admin' : 'customer',
                         'name' => $this->sender_name],
            'attachments' => $this->attachments->map(fn ($a) => [
                'id' => $a->id,
                'url' => $a->signedUrl($session),   // §9 "Signed attachment URLs"
                'file_name' => $a->file_name,
                'mime_type' => $a->mime_type,
                'file_size' => $a->file_size,
            ])->values(),
            'mentions' => $this->when($this->isNote(), fn () => $this->mentions->pluck('id')),
            'created_at' => iso($this->created_at),
        ];
    }
}
