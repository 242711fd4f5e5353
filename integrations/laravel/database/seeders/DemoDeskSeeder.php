<?php

namespace Database\Seeders;

use App\Models\SupportTicket;
use Illuminate\Database\Seeder;
use Illuminate\Support\Carbon;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Hash;
use Illuminate\Support\Facades\Storage;

/**
 * The dev server's demo desk (devserver/src/demo.rs), smaller: the same
 * admins, customers (cliente1…40@mesa.test), reasons and canned replies,
 * password `password` for everyone, and ~50 tickets with Spanish threads.
 * The same on every run (fixed random seed).
 */
class DemoDeskSeeder extends Seeder
{
    /**
     * bcrypt's minimum cost (about 1 ms a hash, against 60 ms at Laravel's
     * 10): these passwords are public anyway, and 45 users seed in a blink.
     * Real users keep config/hashing.php's cost; Hash::check reads the cost
     * from each hash, so both sign in alike.
     */
    private const DEMO_BCRYPT_ROUNDS = 4;

    private const ADMINS = [
        ['Admin Mesa', 'admin@mesa.test'],
        ['Carlos Méndez', 'carlos@mesa.test'],
        ['Lucía Ramírez', 'lucia@mesa.test'],
        ['Diego Herrera', 'diego@mesa.test'],
        ['Sofía Castillo', 'sofia@mesa.test'],
    ];

    private const FIRST_NAMES = ['Ana', 'José', 'María', 'Luis', 'Gabriela', 'Juan', 'Andrea', 'Pedro', 'Daniela',
        'Jorge', 'Valeria', 'Miguel', 'Fernanda', 'Ricardo', 'Paola', 'Héctor', 'Karla', 'Óscar', 'Mónica', 'Rodrigo'];

    private const LAST_NAMES = ['López', 'García', 'Morales', 'Pérez', 'Hernández', 'Castillo', 'Rodríguez', 'Juárez',
        'Ramírez', 'Mejía', 'Gómez', 'Reyes', 'Cifuentes', 'Barrios', 'Estrada', 'Orellana'];

    /** Reason => [subjects, customer lines, admin lines]. */
    private const REASONS = [
        'Puntos' => [
            ['No puedo canjear mis puntos', 'Mis puntos no aparecen', 'Puntos de mi última compra'],
            ['Hice una compra ayer y no me sumaron los puntos.', 'En la app me sale saldo cero, pero tenía más de 300 puntos.',
             'Adjunto el número de factura de la compra.', '¿Cuánto tardan en reflejarse los puntos?'],
            ['Gracias por escribirnos. ¿Nos comparte el número de factura?', 'Ya revisamos su cuenta: los puntos se acreditaron hace un momento.',
             'Los puntos pueden tardar hasta 24 horas en reflejarse.'],
        ],
        'Canje de cupones' => [
            ['El cupón dice que ya fue usado', 'Cupón de cumpleaños', 'No me aceptaron el cupón en tienda'],
            ['El cupón aparece como usado, pero nunca lo canjeé.', 'En el restaurante me dijeron que el código no es válido.',
             '¿Me lo pueden reactivar por favor?'],
            ['Lamentamos el inconveniente. Ya reactivamos su cupón.', '¿En qué restaurante intentó canjearlo?'],
        ],
        'Pedido' => [
            ['Mi pedido llegó incompleto', 'Pedido a domicilio atrasado', 'Me cobraron un pedido cancelado'],
            ['Pedí dos sándwiches y solo llegó uno.', 'Llevo más de una hora esperando el pedido.', 'Les mando la foto del recibo.'],
            ['Disculpe la demora. Ya contactamos a la sucursal.', 'Le reembolsamos el producto que faltó.'],
        ],
        'Cuenta' => [
            ['No puedo iniciar sesión', 'Quiero cambiar mi correo', 'No me llega el código de verificación'],
            ['Me dice que la contraseña es incorrecta, pero la acabo de cambiar.', 'El código de verificación nunca llega.',
             'Ya revisé la carpeta de spam.'],
            ['Le enviamos un enlace para restablecer su contraseña.', 'Listo, actualizamos su correo. Ya puede iniciar sesión.'],
        ],
        'Pagos' => [
            ['Cobro doble en mi tarjeta', 'No se procesó mi pago', 'Solicitud de factura'],
            ['Me aparecen dos cobros por el mismo pedido.', 'La app dice que el pago falló, pero el banco sí lo cobró.',
             'Necesito factura con mi NIT, por favor.'],
            ['El segundo cobro es una reserva y se libera en 3 a 5 días hábiles.', 'Le enviamos la factura a su correo.'],
        ],
    ];

    /** Owner (index into ADMINS), title, shortcut, body, shared: as the dev server's. */
    private const CANNED = [
        [0, 'Saludo', 'hola', 'Hola {{customer.first_name}}, gracias por escribirnos. Soy {{admin.name}} y le ayudo con su caso.', true],
        [0, 'Pedir factura', 'factura', 'Para revisar el ticket #{{ticket.id}}, ¿nos comparte el número de factura o una foto del recibo?', true],
        [2, 'Puntos en 24 horas', 'puntos-24h', '{{customer.first_name}}, los puntos pueden tardar hasta 24 horas en reflejarse. Si mañana no los ve, responda a este mensaje.', true],
        [1, 'Cupón reactivado', 'cupon', 'Listo, {{customer.first_name}}: reactivamos su cupón. Puede usarlo en cualquier sucursal.', false],
        [1, 'Cierre', 'cierre', 'Damos por resuelto «{{ticket.subject}}». Si necesita algo más, escríbanos. Saludos, {{admin.name}}.', false],
        [3, 'Reembolso en trámite', 'reembolso', 'Ya solicitamos el reembolso a su banco; suele verse en 3 a 5 días hábiles.', false],
    ];

    private const TICKETS = 50;

    /** Contract v3 tags a desk like this one would use, by reason (the first fits the reason best). */
    private const TAGS = [
        'Puntos' => ['puntos-pendientes', 'app', 'vip'],
        'Canje de cupones' => ['cupón', 'sucursal', 'vip'],
        'Pedido' => ['domicilio', 'reembolso', 'sucursal'],
        'Cuenta' => ['acceso', 'app', 'verificación'],
        'Pagos' => ['facturación', 'cobro-doble', 'reembolso'],
    ];

    public function run(): void
    {
        mt_srand(20240125);
        $now = Carbon::now()->startOfMinute();
        $files = $this->storeDemoFiles();

        DB::transaction(function () use ($now, $files) {
            $admins = [];
            foreach (self::ADMINS as [$name, $email]) {
                $admins[] = [DB::table('admins')->insertGetId($this->person($name, $email, $now)), $name];
            }
            $customers = [];
            for ($i = 1; $i <= 40; $i++) {
                $name = self::FIRST_NAMES[($i * 7) % 20].' '.self::LAST_NAMES[($i * 5 + intdiv($i, 3)) % 16];
                // Signed up some weeks ago.
                $customers[] = [DB::table('customers')->insertGetId(
                    $this->person($name, "cliente{$i}@mesa.test", $now->copy()->subDays(30 + $i))), $name];
            }
            $reasonIds = [];
            foreach (array_keys(self::REASONS) as $name) {
                $reasonIds[$name] = DB::table('support_reasons')->insertGetId(['name' => $name]);
            }
            for ($n = 0; $n < self::TICKETS; $n++) {
                $this->ticket($n, $customers[mt_rand(0, 39)], $admins, $reasonIds, $files, $now);
            }
            // After every thread is drawn, so the threads stay what they were before v3.
            $this->triage(array_flip($reasonIds));
            // Contract v3 `sla`: who waits since when, by each thread and priority.
            SupportTicket::query()->eachById(function (SupportTicket $ticket) {
                if ($ticket->syncWaiting()) {
                    $ticket->timestamps = false;
                    $ticket->saveQuietly();
                }
            });
            foreach (self::CANNED as [$owner, $title, $shortcut, $body, $shared]) {
                DB::table('canned_replies')->insert(['owner_id' => $admins[$owner][0], 'title' => $title,
                    'shortcut' => $shortcut, 'body' => $body, 'shared' => $shared,
                    'created_at' => $now, 'updated_at' => $now]);
            }
        });
    }

    /**
     * Contract v3: priorities as a desk has them (mostly normal, a few
     * urgent, payments more pressing than accounts) and a tag or two on
     * about half the tickets.
     */
    private function triage(array $reasonNames): void
    {
        foreach (DB::table('support_tickets')->orderBy('id')->get(['id', 'reason_id']) as $ticket) {
            $reason = $reasonNames[$ticket->reason_id];
            $roll = mt_rand(1, 100) + ($reason === 'Pagos' ? 10 : 0) - ($reason === 'Cuenta' ? 10 : 0);
            $priority = match (true) {
                $roll > 95 => 'urgent',
                $roll > 75 => 'high',
                $roll > 15 => 'normal',
                default => 'low',
            };
            DB::table('support_tickets')->where('id', $ticket->id)->update(['priority' => $priority]);

            $pool = self::TAGS[$reason];
            $tags = match (mt_rand(1, 10)) {
                1, 2, 3, 4 => [$pool[0]],
                5, 6 => [$pool[0], $pool[mt_rand(1, 2)]],
                default => [],
            };
            foreach ($tags as $tag) {
                DB::table('support_ticket_tags')->insert(['ticket_id' => $ticket->id, 'name' => $tag]);
            }
        }
    }

    private function person(string $name, string $email, Carbon $at): array
    {
        return ['name' => $name, 'email' => $email,
            'password' => Hash::make('password', ['rounds' => self::DEMO_BCRYPT_ROUNDS]),
            'created_at' => $at, 'updated_at' => $at];
    }

    /** The demo's receipt and invoice, on the private disk. */
    private function storeDemoFiles(): array
    {
        $files = [];
        foreach (['recibo.png' => 'image/png', 'factura.pdf' => 'application/pdf'] as $name => $type) {
            $bytes = file_get_contents(__DIR__."/files/$name");
            Storage::disk('local')->put("attachments/demo-$name", $bytes);
            $files[] = ['path' => "attachments/demo-$name", 'file_name' => $name,
                'mime_type' => $type, 'file_size' => strlen($bytes)];
        }

        return $files;
    }

    /** One ticket and its thread, ending at a random moment of the last month. */
    private function ticket(int $n, array $customer, array $admins, array $reasonIds, array $files, Carbon $now): void
    {
        $reason = array_keys(self::REASONS)[mt_rand(0, 4)];
        [$subjects, $customerLines, $adminLines] = self::REASONS[$reason];
        // A few long threads for scrolling and paging; most are short.
        $length = match (true) {
            $n % 25 === 0 => 60,
            $n % 25 === 1 => mt_rand(30, 49),
            default => mt_rand(1, 11),
        };
        $assignee = mt_rand(1, 10) <= 6 ? $admins[mt_rand(0, 4)] : null;
        $at = $now->copy()->subMinutes(mt_rand(5, 60 * 24 * 30) + $length * 90);
        $ticketId = DB::table('support_tickets')->insertGetId([
            'customer_id' => $customer[0], 'reason_id' => $reasonIds[$reason], 'assigned_to' => $assignee[0] ?? null,
            'subject' => $subjects[mt_rand(0, count($subjects) - 1)], 'status' => 'open',
            'created_at' => $at, 'updated_at' => $at,
        ]);
        for ($k = 0; $k < $length; $k++) {
            if ($k > 0) {
                $at = $at->copy()->addMinutes(mt_rand(1, 179));
            }
            $fromAdmin = $k % 2 === 1 && mt_rand(1, 100) <= 85;
            $lines = $fromAdmin ? $adminLines : $customerLines;
            $messageId = DB::table('support_messages')->insertGetId([
                'ticket_id' => $ticketId, 'type' => 'reply', 'message' => $lines[mt_rand(0, count($lines) - 1)],
                'is_from_admin' => $fromAdmin,
                // Every message but the newest few has been read by the other side.
                'is_read' => $k + 2 < $length || ($fromAdmin && mt_rand(0, 1) === 1),
                'sender_name' => $fromAdmin ? ($assignee[1] ?? $admins[0][1]) : $customer[1],
                'created_at' => $at, 'updated_at' => $at,
            ]);
            if (! $fromAdmin && mt_rand(1, 100) <= 12) {
                DB::table('support_attachments')->insert($files[mt_rand(0, 1)] + [
                    'message_id' => $messageId, 'created_at' => $at, 'updated_at' => $at]);
            }
        }
        $closed = mt_rand(1, 100) <= 35;
        DB::table('support_tickets')->where('id', $ticketId)->update([
            'last_message_at' => $at, 'updated_at' => $at,
            'status' => $closed ? 'closed' : 'open', 'resolved_at' => $closed ? $at : null,
        ]);
    }
}
