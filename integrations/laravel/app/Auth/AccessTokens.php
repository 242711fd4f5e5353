<?php

namespace App\Auth;

use App\Models\PersonalAccessToken;
use Illuminate\Database\Eloquent\Model;
use Illuminate\Support\Str;

/**
 * Bearer tokens, one per sign-in: what Sanctum's personal access tokens do
 * (Debian's Laravel 8 has no Sanctum). The plain token, `{id}|{secret}`,
 * exists only in the sign-in's answer; the table keeps the SHA-256 of the
 * secret, so a copy of the database opens no session.
 */
class AccessTokens
{
    /**
     * last_used_at is written at most once a minute per token: SQLite takes
     * one writer at a time and the panel polls, so a write on every request
     * would queue the requests behind each other for a timestamp nobody
     * needs to the second.
     */
    private const TOUCH_EVERY_SECONDS = 60;

    /** A new token for this user on this device; the only time it is in plain text. */
    public function issue(Model $user, string $device): string
    {
        $secret = Str::random(40);
        $token = $user->tokens()->create(['name' => $device, 'token' => hash('sha256', $secret)]);

        return $token->getKey().'|'.$secret;
    }

    /** The token that a bearer string names, or null. */
    public function find(string $bearer): ?PersonalAccessToken
    {
        [$id, $secret] = array_pad(explode('|', $bearer, 2), 2, '');
        if (! ctype_digit($id) || $secret === '') {
            return null;
        }
        $token = PersonalAccessToken::find((int) $id);

        // Found by its id, then its hash compared in constant time, so how
        // long a wrong guess takes tells nothing about the right secret.
        return $token && hash_equals($token->token, hash('sha256', $secret)) ? $token : null;
    }

    public function touch(PersonalAccessToken $token): void
    {
        $last = $token->last_used_at;
        if ($last === null || $last->lt(now()->subSeconds(self::TOUCH_EVERY_SECONDS))) {
            $token->forceFill(['last_used_at' => now()])->save();
        }
    }

    /** Ends one sign-in; the user's other devices stay signed in. */
    public function revoke(PersonalAccessToken $token): void
    {
        $token->delete();
    }
}
