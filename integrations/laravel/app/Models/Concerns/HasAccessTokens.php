<?php

namespace App\Models\Concerns;

use App\Models\PersonalAccessToken;

/** A user who signs in with bearer tokens, one per device (Sanctum's HasApiTokens, by hand). */
trait HasAccessTokens
{
    /** The token the current request came with; set by App\Auth\AccessTokenGuard. */
    protected ?PersonalAccessToken $accessToken = null;

    public function tokens()
    {
        return $this->morphMany(PersonalAccessToken::class, 'tokenable');
    }

    public function currentAccessToken(): ?PersonalAccessToken
    {
        return $this->accessToken;
    }

    public function withAccessToken(PersonalAccessToken $token): static
    {
        $this->accessToken = $token;

        return $this;
    }
}
