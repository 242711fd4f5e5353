<?php

namespace App\Exceptions;

use Illuminate\Foundation\Exceptions\Handler as ExceptionHandler;
use Illuminate\Http\Exceptions\PostTooLargeException;
use Illuminate\Http\Request;
use Symfony\Component\HttpKernel\Exception\AccessDeniedHttpException;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;
use Throwable;

/*
 * Every error is JSON in Laravel's shapes: 401 {"message":"Unauthenticated."},
 * 422 {"message","errors"}, 403/404/413/429 {"message"}.
 */
class Handler extends ExceptionHandler
{
    protected $dontFlash = ['password'];

    public function register(): void
    {
        // One answer for every 404: a missing route, and a missing model
        // (whose default message would name the model class and the id).
        $this->renderable(fn (NotFoundHttpException $e) => response()->json(['message' => 'Not Found'], 404));

        // Laravel's 403 for a refused channel has an empty message; the seed says "Unauthorized".
        $this->renderable(fn (AccessDeniedHttpException $e, Request $request) => $request->is('api/v1/broadcasting/auth')
            ? response()->json(['message' => 'Unauthorized'], 403)
            : null);

        $this->renderable(fn (PostTooLargeException $e) => response()->json(
            ['message' => 'El archivo no debe pesar más de 10240 kilobytes.'], 413));
    }

    // An API: never a redirect to a login page or an HTML error page.
    protected function shouldReturnJson($request, Throwable $e)
    {
        return true;
    }
}
