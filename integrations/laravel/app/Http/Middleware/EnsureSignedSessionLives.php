<?php

namespace App\Http\Middleware;

use App\Models\PersonalAccessToken;
use Closure;
use Illuminate\Http\Request;
use Illuminate\Routing\Exceptions\InvalidSignatureException;
use Symfony\Component\HttpFoundation\Response;

/**
 * After `signed`: a signed URL that names a session (`sid`, the id of the
 * access token it was issued for, covered by the signature) opens only while
 * that token lives. Once it is revoked (a sign-out) the URL gets the same 403
 * as a bad signature, so on a shared computer a customer's file cannot be
 * fetched again from the browser's history. A URL without `sid` is a
 * broadcast's, short-lived and bound to no session (SupportAttachment::signedUrl).
 */
class EnsureSignedSessionLives
{
    public function handle(Request $request, Closure $next): Response
    {
        if ($request->query->has('sid')) {
            $sid = $request->query('sid');
            if (! is_string($sid) || ! ctype_digit($sid) || ! PersonalAccessToken::whereKey((int) $sid)->exists()) {
                throw new InvalidSignatureException;  // the same 403 as a bad signature
            }
        }

        return $next($request);
    }
}
