<?php

namespace App\Auth;

use Illuminate\Contracts\Auth\Authenticatable;
use Illuminate\Contracts\Auth\UserProvider;
use Illuminate\Http\Request;

/**
 * The `access-token` guard's callback (a RequestGuard, as Sanctum's guard
 * is): the user behind the request's bearer token, with that token at hand
 * for logout.
 */
class AccessTokenGuard
{
    public function __construct(private AccessTokens $tokens)
    {
    }

    public function __invoke(Request $request, UserProvider $provider): ?Authenticatable
    {
        $bearer = $request->bearerToken();
        $token = $bearer ? $this->tokens->find($bearer) : null;

        // Each guard takes only its own provider's users: a customer's token
        // opens nothing on the admin API (the same 401 as no token).
        if (! $token || ! is_a($token->tokenable, $provider->getModel())) {
            return null;
        }
        $this->tokens->touch($token);

        return $token->tokenable->withAccessToken($token);
    }
}
