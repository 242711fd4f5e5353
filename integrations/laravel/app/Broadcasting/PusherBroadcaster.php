<?php

namespace App\Broadcasting;

use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\GuzzleException;
use Illuminate\Broadcasting\BroadcastException;
use Illuminate\Broadcasting\Broadcasters\Broadcaster;
use Illuminate\Broadcasting\Broadcasters\UsePusherChannelConventions;
use Illuminate\Support\Arr;
use Illuminate\Support\Str;
use Symfony\Component\HttpKernel\Exception\AccessDeniedHttpException;

/*
 * Laravel's PusherBroadcaster, with the two parts of pusher/pusher-php-server
 * it uses written out: channel authorization (an HMAC of socket and channel)
 * and the signed HTTP trigger API, POST /apps/{id}/events. Reverb, sockudo
 * and soketi all accept both.
 */
class PusherBroadcaster extends Broadcaster
{
    use UsePusherChannelConventions;

    public function __construct(private ClientInterface $http, private array $config)
    {
    }

    /**
     * Same checks as Laravel's: a guarded channel needs a user, then the
     * channel's rule in routes/channels.php decides.
     */
    public function auth($request)
    {
        $channel = (string) $request->input('channel_name');
        // Pusher's socket id form; pusher-php-server refuses anything else too.
        if ($channel === '' || ! preg_match('/\A\d+\.\d+\z/', (string) $request->input('socket_id'))) {
            throw new AccessDeniedHttpException;
        }
        $normalized = $this->normalizeChannelName($channel);
        if ($this->isGuardedChannel($channel) && ! $this->retrieveUser($request, $normalized)) {
            throw new AccessDeniedHttpException;
        }

        return parent::verifyUserCanAccessChannel($request, $normalized);
    }

    /**
     * `{auth}` for a private channel; `{auth, channel_data}` for a presence
     * one, `channel_data` being a JSON string (what the client forwards to
     * the Pusher server, which checks the signature over it).
     */
    public function validAuthenticationResponse($request, $result)
    {
        $channel = $request->input('channel_name');
        $socket = $request->input('socket_id');
        if (Str::startsWith($channel, 'private')) {
            return ['auth' => $this->sign("{$socket}:{$channel}")];
        }
        $user = $this->retrieveUser($request, $this->normalizeChannelName($channel));
        $channelData = json_encode([
            // A string: Pusher documents one, and sockudo refuses a number.
            'user_id' => (string) (method_exists($user, 'getAuthIdentifierForBroadcasting')
                ? $user->getAuthIdentifierForBroadcasting()
                : $user->getAuthIdentifier()),
            'user_info' => $result,
        ]);

        return ['auth' => $this->sign("{$socket}:{$channel}:{$channelData}"), 'channel_data' => $channelData];
    }

    /**
     * One signed POST per 100 channels (the API's limit). `socket` is the
     * sender's X-Socket-ID when the event was sent with toOthers().
     *
     * A failure throws BroadcastException, as Laravel's does, so a queue
     * worker retries the job. On the `sync` queue the broadcast runs inside
     * the request whose write has already committed: throwing would answer
     * a stored reply with a 500 (and invite a duplicate retry), so there the
     * failure is only reported, as a worker's would be.
     */
    public function broadcast(array $channels, $event, array $payload = [])
    {
        $socket = Arr::pull($payload, 'socket');
        foreach (array_chunk($this->formatChannels($channels), 100) as $chunk) {
            $body = json_encode(array_filter([
                'name' => $event,
                'data' => json_encode($payload),
                'channels' => $chunk,
                'socket_id' => $socket,
            ], fn ($value) => $value !== null));
            try {
                $this->trigger($body);
            } catch (BroadcastException $e) {
                if (config('queue.default') !== 'sync') {
                    throw $e;
                }
                report($e);
            }
        }
    }

    private function trigger(string $body): void
    {
        $path = "/apps/{$this->config['app_id']}/events";
        $query = [
            'auth_key' => $this->config['key'],
            'auth_timestamp' => time(),
            'auth_version' => '1.0',
            'body_md5' => md5($body),
        ];
        ksort($query);
        // Signed over the unescaped query string, in key order.
        $signed = urldecode(http_build_query($query));
        $query['auth_signature'] = hash_hmac('sha256', "POST\n{$path}\n{$signed}", $this->config['secret']);
        $options = $this->config['options'];
        $url = "{$options['scheme']}://{$options['host']}:{$options['port']}{$path}";

        try {
            $response = $this->http->request('POST', $url, [
                'query' => $query,
                'body' => $body,
                'headers' => ['Content-Type' => 'application/json'],
                'http_errors' => false,
            ]);
        } catch (GuzzleException $e) {
            throw new BroadcastException(sprintf('Pusher error: %s.', $e->getMessage()));
        }
        if ($response->getStatusCode() >= 300) {
            throw new BroadcastException(sprintf('Pusher error: %s.', $response->getBody()));
        }
    }

    private function sign(string $payload): string
    {
        return $this->config['key'].':'.hash_hmac('sha256', $payload, $this->config['secret']);
    }
}
