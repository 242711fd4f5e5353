//! The demo's canned replies (contract v2), with the placeholders the panel
//! fills in.

use rusqlite::{params, Connection};

/// Canned replies (contract v2): owner (an index into `ADMINS`), title,
/// shortcut, body, shared. Carlos, who the tests sign in as, sees his own
/// and the shared ones, not Diego's private one.
pub const CANNED_REPLIES: [(usize, &str, &str, &str, bool); 6] = [
    (
        0,
        "Saludo",
        "hola",
        "Hola {{customer.first_name}}, gracias por escribirnos. Soy {{admin.name}} y le ayudo con su caso.",
        true,
    ),
    (
        0,
        "Pedir factura",
        "factura",
        "Para revisar el ticket #{{ticket.id}}, ¿nos comparte el número de factura o una foto del recibo?",
        true,
    ),
    (
        2,
        "Puntos en 24 horas",
        "puntos-24h",
        "{{customer.first_name}}, los puntos pueden tardar hasta 24 horas en reflejarse. Si mañana no los ve, responda a este mensaje.",
        true,
    ),
    (
        1,
        "Cupón reactivado",
        "cupon",
        "Listo, {{customer.first_name}}: reactivamos su cupón. Puede usarlo en cualquier sucursal.",
        false,
    ),
    (
        1,
        "Cierre",
        "cierre",
        "Damos por resuelto «{{ticket.subject}}». Si necesita algo más, escríbanos. Saludos, {{admin.name}}.",
        false,
    ),
    (
        3,
        "Reembolso en trámite",
        "reembolso",
        "Ya solicitamos el reembolso a su banco; suele verse en 3 a 5 días hábiles.",
        false,
    ),
];

pub(super) fn seed(tx: &Connection, admin_ids: &[i64], now: i64) -> rusqlite::Result<()> {
    for (owner, title, shortcut, body, shared) in CANNED_REPLIES {
        tx.execute(
            "INSERT INTO canned_replies (owner_id, title, shortcut, body, shared, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![admin_ids[owner], title, shortcut, body, shared, now],
        )?;
    }
    Ok(())
}
