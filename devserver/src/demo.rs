//! Believable Spanish demo data, the same on every run (fixed random seed), so
//! a demo, a screenshot and a test all see the same desk.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::path::Path;

use rusqlite::{params, Connection};

pub mod bench;
mod canned;
mod triage;

pub use canned::CANNED_REPLIES;

use crate::clock::now_millis;
use crate::db::users::{self, Kind};

pub const PASSWORD: &str = "password";

pub const ADMINS: [(&str, &str); 5] = [
    ("Admin Mesa", "admin@mesa.test"),
    ("Carlos Méndez", "carlos@mesa.test"),
    ("Lucía Ramírez", "lucia@mesa.test"),
    ("Diego Herrera", "diego@mesa.test"),
    ("Sofía Castillo", "sofia@mesa.test"),
];

const FIRST_NAMES: [&str; 20] = [
    "Ana", "José", "María", "Luis", "Gabriela", "Juan", "Andrea", "Pedro", "Daniela", "Jorge",
    "Valeria", "Miguel", "Fernanda", "Ricardo", "Paola", "Héctor", "Karla", "Óscar", "Mónica",
    "Rodrigo",
];
const LAST_NAMES: [&str; 16] = [
    "López",
    "García",
    "Morales",
    "Pérez",
    "Hernández",
    "Castillo",
    "Rodríguez",
    "Juárez",
    "Ramírez",
    "Mejía",
    "Gómez",
    "Reyes",
    "Cifuentes",
    "Barrios",
    "Estrada",
    "Orellana",
];

struct ReasonScript {
    name: &'static str,
    subjects: &'static [&'static str],
    customer_lines: &'static [&'static str],
    admin_lines: &'static [&'static str],
}

const REASONS: [ReasonScript; 5] = [
    ReasonScript {
        name: "Puntos",
        subjects: &[
            "No puedo canjear mis puntos",
            "Mis puntos no aparecen",
            "Puntos de mi última compra",
        ],
        customer_lines: &[
            "Hice una compra ayer y no me sumaron los puntos.",
            "En la app me sale saldo cero, pero tenía más de 300 puntos.",
            "Adjunto el número de factura de la compra.",
            "¿Cuánto tardan en reflejarse los puntos?",
            "Ya cerré sesión y volví a entrar, sigue igual.",
        ],
        admin_lines: &[
            "Gracias por escribirnos. ¿Nos comparte el número de factura?",
            "Ya revisamos su cuenta: los puntos se acreditaron hace un momento.",
            "Los puntos pueden tardar hasta 24 horas en reflejarse.",
            "Le ajustamos el saldo manualmente. ¿Puede confirmar si ya lo ve?",
        ],
    },
    ReasonScript {
        name: "Canje de cupones",
        subjects: &[
            "El cupón dice que ya fue usado",
            "Cupón de cumpleaños",
            "No me aceptaron el cupón en tienda",
        ],
        customer_lines: &[
            "El cupón aparece como usado, pero nunca lo canjeé.",
            "En el restaurante me dijeron que el código no es válido.",
            "Era el cupón de 2x1 de esta semana.",
            "¿Me lo pueden reactivar por favor?",
        ],
        admin_lines: &[
            "Lamentamos el inconveniente. Ya reactivamos su cupón.",
            "¿En qué restaurante intentó canjearlo?",
            "El cupón vence el domingo; puede usarlo en cualquier sucursal.",
        ],
    },
    ReasonScript {
        name: "Pedido",
        subjects: &[
            "Mi pedido llegó incompleto",
            "Pedido a domicilio atrasado",
            "Me cobraron un pedido cancelado",
        ],
        customer_lines: &[
            "Pedí dos sándwiches y solo llegó uno.",
            "Llevo más de una hora esperando el pedido.",
            "El repartidor no encontraba la dirección.",
            "Les mando la foto del recibo.",
        ],
        admin_lines: &[
            "Disculpe la demora. Ya contactamos a la sucursal.",
            "Le reembolsamos el producto que faltó.",
            "Su pedido va en camino, el repartidor llega en 10 minutos.",
        ],
    },
    ReasonScript {
        name: "Cuenta",
        subjects: &[
            "No puedo iniciar sesión",
            "Quiero cambiar mi correo",
            "No me llega el código de verificación",
        ],
        customer_lines: &[
            "Me dice que la contraseña es incorrecta, pero la acabo de cambiar.",
            "Ya no uso ese correo, ¿cómo lo cambio?",
            "El código de verificación nunca llega.",
            "Ya revisé la carpeta de spam.",
        ],
        admin_lines: &[
            "Le enviamos un enlace para restablecer su contraseña.",
            "Por seguridad, ¿nos confirma su fecha de nacimiento?",
            "Listo, actualizamos su correo. Ya puede iniciar sesión.",
        ],
    },
    ReasonScript {
        name: "Pagos",
        subjects: &[
            "Cobro doble en mi tarjeta",
            "No se procesó mi pago",
            "Solicitud de factura",
        ],
        customer_lines: &[
            "Me aparecen dos cobros por el mismo pedido.",
            "La app dice que el pago falló, pero el banco sí lo cobró.",
            "Necesito factura con mi NIT, por favor.",
        ],
        admin_lines: &[
            "El segundo cobro es una reserva y se libera en 3 a 5 días hábiles.",
            "Ya solicitamos el reembolso a su banco.",
            "Le enviamos la factura a su correo.",
        ],
    },
];

/// Demo attachments, stored once under fixed names.
const RECEIPT: (&str, &str, &[u8]) = (
    "recibo.png",
    "image/png",
    include_bytes!("../demo-files/recibo.png"),
);
const INVOICE: (&str, &str, &[u8]) = (
    "factura.pdf",
    "application/pdf",
    include_bytes!("../demo-files/factura.pdf"),
);

/// The people and reasons every data set shares.
struct Cast {
    admin_ids: Vec<i64>,
    customers: Vec<(i64, String)>,
}

fn cast(tx: &Connection) -> rusqlite::Result<Cast> {
    let admin_ids = ADMINS
        .iter()
        .map(|(name, email)| users::insert(tx, Kind::Admin, name, email, PASSWORD))
        .collect::<rusqlite::Result<_>>()?;
    let mut customers = Vec::new();
    for i in 1..=40 {
        let name = format!(
            "{} {}",
            FIRST_NAMES[(i * 7) % FIRST_NAMES.len()],
            LAST_NAMES[(i * 5 + i / 3) % LAST_NAMES.len()]
        );
        let id = users::insert(
            tx,
            Kind::Customer,
            &name,
            &format!("cliente{i}@mesa.test"),
            PASSWORD,
        )?;
        customers.push((id, name));
    }
    for (i, reason) in REASONS.iter().enumerate() {
        tx.execute(
            "INSERT INTO reasons (id, name) VALUES (?1, ?2)",
            params![i as i64 + 1, reason.name],
        )?;
    }
    Ok(Cast {
        admin_ids,
        customers,
    })
}

fn store_demo_files(uploads: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(uploads)?;
    for (name, _, bytes) in [RECEIPT, INVOICE] {
        std::fs::write(uploads.join(format!("demo-{name}")), bytes)?;
    }
    Ok(())
}

fn attach(
    tx: &Connection,
    message_id: i64,
    (name, mime, bytes): (&str, &str, &[u8]),
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO attachments (message_id, url, file_name, mime_type, file_size, stored_as)
         VALUES (?1, '', ?2, ?3, ?4, ?5)",
        params![
            message_id,
            name,
            mime,
            bytes.len() as i64,
            format!("demo-{name}")
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE attachments SET url = ?1 WHERE id = ?2",
        params![
            format!("{}/{id}/{name}", crate::http::uploads::URL_BASE),
            id
        ],
    )?;
    Ok(())
}

/// One generated thread: its messages from `created` on, then the ticket's
/// activity time and status.
struct ThreadPlan<'a> {
    ticket_id: i64,
    reason: &'a ReasonScript,
    customer_name: &'a str,
    assignee_name: &'a str,
    length: usize,
    created: i64,
    closed: bool,
    attachments: bool,
}

fn write_thread(tx: &Connection, rng: &mut StdRng, plan: ThreadPlan) -> rusqlite::Result<()> {
    const MINUTE: i64 = 60_000;
    let mut at = plan.created;
    for k in 0..plan.length {
        if k > 0 {
            at += rng.random_range(1..180) * MINUTE;
        }
        let from_admin = k % 2 == 1 && rng.random_bool(0.85);
        let (body, sender) = if from_admin {
            (
                *plan.reason.admin_lines.choose(rng).expect("lines"),
                plan.assignee_name,
            )
        } else {
            (
                *plan.reason.customer_lines.choose(rng).expect("lines"),
                plan.customer_name,
            )
        };
        // Every message but the newest few has been read by the other side.
        let is_read = k + 2 < plan.length || from_admin && rng.random_bool(0.5);
        tx.execute(
            "INSERT INTO messages (ticket_id, body, is_from_admin, is_read, sender_name, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![plan.ticket_id, body, from_admin, is_read, sender, at],
        )?;
        if plan.attachments && !from_admin && rng.random_bool(0.12) {
            let message_id = tx.last_insert_rowid();
            attach(
                tx,
                message_id,
                if rng.random_bool(0.6) {
                    RECEIPT
                } else {
                    INVOICE
                },
            )?;
        }
    }
    tx.execute(
        "UPDATE tickets SET last_message_at = ?2, updated_at = ?2, status = ?3, resolved_at = ?4 WHERE id = ?1",
        params![plan.ticket_id, at, if plan.closed { "closed" } else { "open" }, plan.closed.then_some(at)],
    )?;
    Ok(())
}

/// Fills an empty database with the demo desk: about 200 tickets.
pub fn seed(conn: &mut Connection, uploads: &Path) -> Result<(), String> {
    seed_tickets(conn, uploads, 200, false)
}

/// A big desk for performance work: `tickets` tickets and, in ticket 1, a
/// 5,000-message thread.
pub fn seed_large(conn: &mut Connection, uploads: &Path, tickets: usize) -> Result<(), String> {
    seed_tickets(conn, uploads, tickets.max(1), true)
}

fn seed_tickets(
    conn: &mut Connection,
    uploads: &Path,
    count: usize,
    large: bool,
) -> Result<(), String> {
    store_demo_files(uploads).map_err(|e| {
        format!(
            "cannot write demo attachments to {}: {e}",
            uploads.display()
        )
    })?;
    let mut rng = StdRng::seed_from_u64(20_240_125);
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let cast = cast(&tx).map_err(|e| e.to_string())?;
    let now = now_millis();
    const MINUTE: i64 = 60_000;
    for n in 0..count {
        let (customer_id, customer_name) =
            cast.customers.choose(&mut rng).expect("customers").clone();
        let reason_index = rng.random_range(0..REASONS.len());
        let reason = &REASONS[reason_index];
        let subject = *reason.subjects.choose(&mut rng).expect("subjects");
        // A few long threads for scrolling; most are short, like real desks.
        let length = match (large, n) {
            (true, 0) => 5_000,
            (true, _) => rng.random_range(1..5),
            (false, n) if n % 40 == 0 => 60,
            (false, n) if n % 40 == 1 => rng.random_range(30..50),
            _ => rng.random_range(1..12),
        };
        // Threads end at a random moment of the last month.
        let span = length as i64 * 90 * MINUTE;
        let created = now - rng.random_range(5..60 * 24 * 30) * MINUTE - span;
        let closed = rng.random_bool(0.35);
        let assigned = rng
            .random_bool(0.6)
            .then(|| *cast.admin_ids.choose(&mut rng).expect("admins"));
        let assignee_name =
            ADMINS[(assigned.unwrap_or(cast.admin_ids[0]) - cast.admin_ids[0]) as usize].0;
        tx.execute(
            "INSERT INTO tickets (customer_id, reason_id, subject, status, assigned_to, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?5)",
            params![customer_id, reason_index as i64 + 1, subject, assigned, created],
        )
        .map_err(|e| e.to_string())?;
        let ticket_id = tx.last_insert_rowid();
        let plan = ThreadPlan {
            ticket_id,
            reason,
            customer_name: &customer_name,
            assignee_name,
            length,
            created,
            closed,
            attachments: true,
        };
        write_thread(&tx, &mut rng, plan).map_err(|e| e.to_string())?;
    }
    // Customers signed up some weeks before their first ticket.
    tx.execute(
        "UPDATE customers SET created_at =
           COALESCE((SELECT MIN(created_at) FROM tickets WHERE customer_id = customers.id), ?1)
           - (id % 60 + 7) * 86400000",
        [now],
    )
    .map_err(|e| e.to_string())?;
    canned::seed(&tx, &cast.admin_ids, now).map_err(|e| e.to_string())?;
    triage::seed(&tx).map_err(|e| e.to_string())?;
    // Threads were written row by row: derive who waits once, at the end.
    crate::db::sla::refresh(&tx, None, crate::db::sla::Answers::RepliesOnly)
        .map_err(|e| e.to_string())?;
    tx.commit().map_err(|e| e.to_string())
}
