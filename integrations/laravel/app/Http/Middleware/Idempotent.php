<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Cache;
use Illuminate\Validation\ValidationException;
use Symfony\Component\HttpFoundation\Response;

/**
 * Contract v2 "Idempotent writes": the first answer to an Idempotency-Key is
 * kept for 24 hours per admin in the cache store; a repeat gets it again and
 * writes nothing. A lock makes a twin request (a retry sent while the first
 * is still running) wait for the first instead of writing again.
 */
class Idempotent
{
    public function handle(Request $request, Closure $next): Response
    {
        $key = $request->header('Idempotency-Key');
        if ($key === null) {
            return $next($request);
        }
        if ($key === '' || strlen($key) > 100) {
            throw ValidationException::withMessages(['Idempotency-Key' => __('validation.idempotency_key')]);
        }
        $id = 'idem:'.$request->user()->getKey().':'.hash('sha256', $key);
        $scope = $request->method().' '.$request->path();

        return Cache::lock($id.':lock', 30)->block(10, function () use ($request, $next, $id, $scope) {
            if ($seen = Cache::get($id)) {
                if ($seen['scope'] !== $scope) {
                    throw ValidationException::withMessages(['Idempotency-Key' => __('validation.idempotency_reused')]);
                }

                return response($seen['body'], $seen['status'], ['Content-Type' => 'application/json']);
            }
            $response = $next($request);
            if ($response->getStatusCode() < 500) {      // a 5xx may be retried for real
                Cache::put($id, ['scope' => $scope, 'status' => $response->getStatusCode(),
                                 'body' => $response->getContent()], now()->addDay());
            }

            return $response;
        });
    }
}
