//! Every user-facing string of the panel, in Spanish (the default: the support
//! team is in Guatemala) and English.
//!
//! Texts are an enum rather than string keys so a missing translation is a
//! compile error, not a blank label at run time. Templated texts carry
//! `{name}` placeholders that [`fill`] replaces.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    Es,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Es, Locale::En];

    /// BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The language's own name, shown in the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Es => "Español",
            Locale::En => "English",
        }
    }
}

macro_rules! texts {
    ($($key:ident => $es:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Text { $($key,)* }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$key,)*];
        }

        /// The text in the given language.
        pub fn t(locale: Locale, text: Text) -> &'static str {
            match (locale, text) {
                $((Locale::Es, Text::$key) => $es,
                  (Locale::En, Text::$key) => $en,)*
            }
        }
    };
}

texts! {
    Loading => "Cargando…", "Loading…";
    ProductTagline => "Panel de soporte", "Support desk";

    ConfigErrorTitle => "No se pudo iniciar el panel", "The panel could not start";
    ConfigErrorHint => "Quien administra este sitio debe corregir config.json (junto a index.html) y recargar la página.",
        "Whoever runs this site must fix config.json (next to index.html) and reload the page.";
    ConfigUnreachable => "No se pudo descargar config.json (respuesta {status}).",
        "config.json could not be downloaded (response {status}).";
    ConfigUnreachableNetwork => "No se pudo descargar config.json: el servidor no responde.",
        "config.json could not be downloaded: the server does not answer.";
    ConfigNotJson => "config.json no es un objeto JSON válido: {detail}",
        "config.json is not a valid JSON object: {detail}";
    ConfigMissing => "Falta el campo «{field}» en config.json.",
        "The field \"{field}\" is missing from config.json.";
    ConfigInvalid => "El campo «{field}» de config.json no es válido: debe ser {expected}.",
        "The field \"{field}\" in config.json is not valid: it must be {expected}.";
    ExpectHttpUrlOrEmpty => "una URL http(s), o \"\" para el mismo origen", "an http(s) URL, or \"\" for the same origin";
    ExpectPathOrUrl => "una ruta que empiece con / o una URL http(s)", "a path starting with / or an http(s) URL";
    ExpectAppKey => "una clave sin espacios ni barras", "a key without spaces or slashes";
    ExpectBareHost => "un nombre de host sin esquema, puerto ni ruta, o \"\"", "a host name without scheme, port or path, or \"\"";
    ExpectPort => "un número de puerto entre 1 y 65535", "a port number from 1 to 65535";
    ExpectWsScheme => "\"ws\", \"wss\" o \"\"", "\"ws\", \"wss\" or \"\"";
    ExpectPath => "una ruta que empiece con /", "a path starting with /";
    ExpectObject => "un objeto", "an object";
    ExpectString => "un texto", "a string";
    ExpectChannelName => "un nombre de canal sin espacios", "a channel name without spaces";
    ExpectChannelTemplate => "un nombre de canal que contenga {id}", "a channel name containing {id}";
    ExpectLocale => "\"es\" o \"en\"", "\"es\" or \"en\"";
    ExpectSameOriginAsApi => "una ruta, o una URL del mismo origen que api_url (allí va el token de acceso)", "a path, or a URL on the same origin as api_url (the access token goes there)";
    ExpectSecureOnHttpsPage => "https/wss: esta página se sirve por https (http y ws solo hacia localhost)", "https/wss: this page is served over https (http and ws only to localhost)";

    LoginTitle => "Iniciar sesión", "Sign in";
    LoginEmail => "Correo electrónico", "Email";
    LoginPassword => "Contraseña", "Password";
    LoginRemember => "Mantener la sesión iniciada en este equipo", "Keep me signed in on this computer";
    LoginSubmit => "Entrar", "Sign in";
    LoginSubmitting => "Entrando…", "Signing in…";
    LoginBadCredentials => "El correo o la contraseña no son correctos.", "The email or password is not correct.";
    LoginSessionExpired => "Su sesión terminó. Inicie sesión de nuevo para continuar.", "Your session ended. Sign in again to continue.";
    LoginFieldsRequired => "Escriba su correo y su contraseña.", "Enter your email and password.";

    SignOut => "Cerrar sesión", "Sign out";
    SignOutLeftBehind => "Deja en este equipo {replies} respuestas sin enviar y {drafts} borradores. ¿Qué hacemos con ellos?", "You are leaving {replies} unsent replies and {drafts} drafts on this computer. What should happen to them?";
    SignOutKeep => "Guardarlos para mi próxima sesión aquí", "Keep them for my next sign-in here";
    SignOutDiscard => "Descartarlos", "Discard them";
    Cancel => "Cancelar", "Cancel";
    SignOutRevokeFailed => "Se cerró la sesión en este equipo, pero el servidor no pudo invalidarla: seguirá siendo válida hasta que caduque.", "You are signed out on this computer, but the server could not revoke the session: it stays valid until it expires.";
    AlertNewMessage => "Nuevo mensaje de {name}", "New message from {name}";
    EnableNotifications => "Activar notificaciones", "Turn on notifications";
    SoundOn => "Sonido activado", "Sound on";
    SoundOff => "Sonido silenciado", "Sound muted";
    ConnectionConnected => "En línea", "Live";
    ConnectionConnecting => "Conectando…", "Connecting…";
    ConnectionUnavailable => "Sin conexión, reintentando…", "Offline, retrying…";
    ConnectionDisconnected => "Desconectado", "Disconnected";
    ConnectionFailed => "Conexión rechazada: {reason}", "Connection refused: {reason}";
    Language => "Idioma", "Language";
    NotFoundTitle => "Esta página no existe", "This page does not exist";
    BackToInbox => "Volver a la bandeja", "Back to the inbox";
    Menu => "Menú", "Menu";
    Conversation => "Conversación", "Conversation";
    TicketList => "Tickets de la bandeja", "Inbox tickets";
    AttachFiles => "Adjuntar archivos (imágenes o PDF)", "Attach files (images or PDF)";

    ShortcutsTitle => "Atajos de teclado", "Keyboard shortcuts";
    ShortcutsEnabled => "Usar los atajos de una sola tecla", "Use single-key shortcuts";
    ShortcutsEnabledHint => "Desactívelos si usa control por voz o teclea sin querer: cada acción tiene también su botón. Se recuerda para su usuario en este equipo.", "Turn them off if you use speech input or press keys by accident: every action also has its button. Kept for your user on this computer.";
    ShortcutsOff => "Los atajos de una sola tecla están desactivados.", "Single-key shortcuts are off.";
    ShortcutsDesk => "En la bandeja y el ticket", "In the inbox and the ticket";
    ShortcutsWriting => "Al escribir", "While writing";
    ShortcutsClose => "Cerrar", "Close";
    KeyNext => "Siguiente ticket de la bandeja", "Next ticket in the inbox";
    KeyPrevious => "Ticket anterior de la bandeja", "Previous ticket in the inbox";
    KeyOpen => "Abrir el ticket marcado", "Open the marked ticket";
    KeySearch => "Buscar en la bandeja", "Search the inbox";
    KeySelect => "Seleccionar el ticket marcado para un cambio en bloque", "Select the marked ticket for a bulk change";
    KeyCloseTicket => "Cerrar el ticket abierto", "Close the open ticket";
    KeyAssignMe => "Asignarme el ticket abierto", "Assign the open ticket to me";
    KeyReply => "Escribir una respuesta", "Write a reply";
    KeyNote => "Escribir una nota interna", "Write an internal note";
    KeyPriority => "Ir a la prioridad del ticket", "Go to the ticket's priority";
    KeyTag => "Añadir una etiqueta al ticket", "Add a tag to the ticket";
    KeySnooze => "Posponer el ticket", "Snooze the ticket";
    KeyHelp => "Mostrar esta ayuda", "Show this help";
    KeySend => "Enviar", "Send";
    KeyNewLine => "Nueva línea", "New line";
    KeyCanned => "Respuesta predefinida (al inicio de una línea)", "Canned reply (at the start of a line)";
    KeyMention => "Mencionar a un compañero (en una nota)", "Mention a colleague (in a note)";
    KeyMenuMove => "Moverse por un menú abierto", "Move through an open menu";
    KeyDismiss => "Cerrar el menú o el diálogo abierto", "Close the open menu or dialog";
    AnnounceClosed => "Ticket cerrado.", "Ticket closed.";
    AnnounceReopened => "Ticket reabierto.", "Ticket reopened.";
    AnnounceAssigned => "Ticket asignado a {name}.", "Ticket assigned to {name}.";
    AnnounceUnassigned => "Ticket sin asignar.", "Ticket unassigned.";
    AnnounceBulkDone => "Se cambiaron {count} tickets.", "{count} tickets were changed.";
    AnnounceBulkDoneOne => "Se cambió 1 ticket.", "1 ticket was changed.";

    InboxTitle => "Bandeja de entrada", "Inbox";
    JustNow => "ahora", "just now";
    MinutesAgo => "hace {n} min", "{n} min ago";
    Yesterday => "ayer", "yesterday";
    InboxEmpty => "No hay tickets.", "There are no tickets.";
    InboxCount => "{count} tickets", "{count} tickets";
    InboxCountAtLeast => "Más de {count} tickets", "More than {count} tickets";
    StatusOpen => "Abierto", "Open";
    StatusClosed => "Cerrado", "Closed";
    Unassigned => "Sin asignar", "Unassigned";
    Unread => "{count} sin leer", "{count} unread";
    FromAdmin => "Soporte", "Support";
    AttachmentOnly => "Archivo adjunto", "Attachment";
    Retry => "Reintentar", "Retry";

    NoTicketSelected => "Elija un ticket de la bandeja para ver la conversación.", "Pick a ticket from the inbox to see the conversation.";
    SearchPlaceholder => "Buscar por asunto, cliente o mensaje", "Search subject, customer or message";
    FilterStatus => "Estado", "Status";
    FilterAssigned => "Asignación", "Assignment";
    FilterReason => "Motivo", "Reason";
    StatusOpenPlural => "Abiertos", "Open";
    StatusClosedPlural => "Cerrados", "Closed";
    StatusAll => "Todos", "All";
    AssignedAnyone => "Cualquier agente", "Anyone";
    AssignedMe => "Asignados a mí", "Assigned to me";
    ReasonAny => "Todos los motivos", "All reasons";
    InboxEnd => "No hay más tickets", "No more tickets";
    FiltersMore => "Más filtros", "More filters";
    FilterPriority => "Prioridad", "Priority";
    PriorityAny => "Cualquier prioridad", "Any priority";
    PriorityUrgent => "Urgente", "Urgent";
    PriorityHigh => "Alta", "High";
    PriorityNormal => "Normal", "Normal";
    PriorityLow => "Baja", "Low";
    FilterTag => "Etiqueta", "Tag";
    TagAny => "Todas las etiquetas", "All tags";
    Tags => "Etiquetas", "Tags";
    TagAdd => "Añadir etiqueta", "Add tag";
    TagRemove => "Quitar la etiqueta {name}", "Remove the tag {name}";
    TagInvalid => "Una etiqueta tiene de 1 a 32 caracteres, y un ticket hasta 10.", "A tag has 1 to 32 characters, and a ticket up to 10.";
    FilterSnoozed => "Pospuestos", "Snoozed";
    SnoozedExclude => "Sin los pospuestos", "Without snoozed";
    SnoozedOnly => "Solo pospuestos", "Snoozed only";
    SnoozedInclude => "Con los pospuestos", "With snoozed";
    Snooze => "Posponer", "Snooze";
    SnoozeHour => "1 hora", "1 hour";
    SnoozeEvening => "Esta tarde (18:00)", "This evening (18:00)";
    SnoozeTomorrow => "Mañana por la mañana (9:00)", "Tomorrow morning (9:00)";
    SnoozeNextWeek => "El lunes (9:00)", "Monday (9:00)";
    SnoozeAt => "Fecha y hora", "Date and time";
    SnoozeSet => "Posponer hasta esa hora", "Snooze until then";
    SnoozedUntil => "Pospuesto hasta {when}", "Snoozed until {when}";
    Wake => "Reactivar ahora", "Wake now";
    QueueMine => "Míos", "Mine";
    Views => "Vistas", "Views";
    ViewCustom => "Filtros propios", "Own filters";
    ViewSave => "Guardar vista", "Save view";
    ViewName => "Nombre de la vista", "View name";
    ViewShared => "Compartida con el equipo", "Shared with the team";
    ViewDelete => "Eliminar la vista {name}", "Delete the view {name}";
    ViewRename => "Renombrar la vista {name}", "Rename the view {name}";
    ViewEarlier => "Subir la vista {name} en la lista", "Move the view {name} up the list";
    ViewLater => "Bajar la vista {name} en la lista", "Move the view {name} down the list";
    ViewCount => "{name} ({count})", "{name} ({count})";
    DensityCompact => "Vista compacta (una línea por ticket)", "Compact view (one line per ticket)";
    InboxPolling => "Sin eventos en vivo para la bandeja: se actualiza cada 15 s.", "No live events for the inbox: it refreshes every 15 s.";
    CreatedAt => "Creado", "Created";
    ResolvedAt => "Resuelto", "Resolved";
    MessageRead => "Leído", "Read";
    MessageDelivered => "Enviado", "Sent";
    ReplySending => "Enviando…", "Sending…";
    ReplyKept => "Sin enviar, de una visita anterior: revísela antes de enviarla.", "Not sent, from an earlier visit: review it before sending.";
    Discard => "Descartar", "Discard";
    LoadOlder => "Ver mensajes anteriores", "Show earlier messages";
    NewMessages => "Mensajes nuevos ↓", "New messages ↓";
    ReplyPlaceholder => "Escriba una respuesta… (Enter envía, Shift+Enter nueva línea)", "Write a reply… (Enter sends, Shift+Enter new line)";
    ReplySend => "Enviar", "Send";
    NoteToggle => "Nota interna", "Internal note";
    NoteShortcutHint => "Alternar respuesta y nota interna (tecla n)", "Switch between reply and internal note (key n)";
    NoteLabel => "Nota interna: solo la ve el equipo", "Internal note: only the team sees it";
    NotePlaceholder => "Escriba una nota interna… (@ para mencionar a un compañero)", "Write an internal note… (@ to mention a colleague)";
    NoteSend => "Añadir nota", "Add note";
    NoteBadge => "Nota interna", "Internal note";
    MentionMenu => "Compañeros para mencionar", "Colleagues to mention";
    Mentions => "Menciones", "Mentions";
    MentionsEmpty => "Nadie le ha mencionado todavía.", "Nobody has mentioned you yet.";
    MentionedYou => "{name} le mencionó en una nota", "{name} mentioned you in a note";
    Attach => "Adjuntar", "Attach";
    AlsoViewing => "También viendo: {names}", "Also viewing: {names}";
    IsTyping => "{names} está escribiendo…", "{names} typing…";
    RemoveAttachment => "Quitar {name}", "Remove {name}";
    AttachmentTooLarge => "«{name}» pesa más de 10 MB.", "\"{name}\" is larger than 10 MB.";
    AttachmentWrongType => "«{name}» no es una imagen ni un PDF.", "\"{name}\" is not an image or a PDF.";
    AttachmentTooMany => "Se pueden adjuntar hasta {max} archivos.", "Up to {max} files can be attached.";
    Uploading => "Subiendo… {percent} %", "Uploading… {percent}%";
    TicketClosedNotice => "Este ticket está cerrado: reábralo para responder.", "This ticket is closed: reopen it to reply.";
    TicketClose => "Cerrar ticket", "Close ticket";
    TicketReopen => "Reabrir", "Reopen";
    AssignToMe => "Asignarme", "Assign to me";
    AssignTo => "Asignar a", "Assign to";
    ChannelRefused => "Este ticket no recibe eventos en vivo ({reason}); recargue para ver novedades.", "This ticket gets no live events ({reason}); reload to see news.";
    ThreadInvalidId => "«{id}» no es un número de ticket.", "\"{id}\" is not a ticket number.";

    BulkToolbar => "Cambios en bloque", "Bulk changes";
    BulkSelectRow => "Seleccionar «{subject}» (#{id})", "Select \"{subject}\" (#{id})";
    BulkSelected => "{count} seleccionados", "{count} selected";
    BulkSelectedOne => "1 seleccionado", "1 selected";
    BulkClose => "Cerrar seleccionados", "Close selected";
    BulkCloseShort => "Cerrar", "Close";
    BulkReopen => "Reabrir seleccionados", "Reopen selected";
    BulkAssign => "Asignar los seleccionados a", "Assign the selected to";
    BulkAssignPlaceholder => "Asignar a…", "Assign to…";
    BulkClear => "Quitar la selección", "Clear selection";
    BulkBusy => "Aplicando cambios…", "Applying changes…";
    BulkFailed => "{count} tickets no cambiaron y volvieron a su estado anterior:", "{count} tickets were not changed and are back as they were:";
    BulkFailedOne => "Un ticket no cambió y volvió a su estado anterior:", "One ticket was not changed and is back as it was:";
    BulkFailureItem => "«{subject}» (#{id}): {why}", "\"{subject}\" (#{id}): {why}";
    BulkDismiss => "Cerrar este aviso", "Dismiss this notice";
    BulkKeyboardHint => "Tecla x: seleccionar la fila marcada; Mayús+clic: seleccionar un rango.", "Key x: select the marked row; Shift+click: select a range.";
    RowViewers => "Viendo: {names}", "Viewing: {names}";
    ViewersMore => "{names} y {count} más", "{names} and {count} more";
    CannedOpen => "Respuestas predefinidas", "Canned replies";
    CannedHint => "Escriba / al inicio de una línea para insertar una respuesta predefinida.", "Type / at the start of a line to insert a canned reply.";
    CannedSearch => "Buscar respuesta predefinida por atajo o título", "Search canned replies by shortcut or title";
    CannedNone => "Ninguna respuesta predefinida coincide.", "No canned reply matches.";
    CannedLoadFailed => "No se pudieron cargar las respuestas predefinidas: {reason}", "Canned replies could not be loaded: {reason}";
    CannedShared => "Compartida", "Shared";
    CannedManage => "Gestionar respuestas predefinidas", "Manage canned replies";
    CannedClose => "Cerrar", "Close";
    CannedNew => "Nueva respuesta", "New reply";
    CannedEditing => "Editar «{title}»", "Edit \"{title}\"";
    CannedTitle => "Título", "Title";
    CannedShortcut => "Atajo (minúsculas, números, - y _)", "Shortcut (lowercase, digits, - and _)";
    CannedBody => "Texto", "Text";
    CannedBodyHint => "Puede usar {{customer.name}}, {{customer.first_name}}, {{customer.email}}, {{admin.name}}, {{ticket.id}} y {{ticket.subject}}.", "You may use {{customer.name}}, {{customer.first_name}}, {{customer.email}}, {{admin.name}}, {{ticket.id}} and {{ticket.subject}}.";
    CannedSharedLabel => "Compartir con todo el equipo", "Share with the whole team";
    CannedSave => "Guardar", "Save";
    CannedSaved => "Respuesta guardada.", "Reply saved.";
    CannedEdit => "Editar", "Edit";
    CannedEditNamed => "Editar /{shortcut}", "Edit /{shortcut}";
    CannedDelete => "Borrar", "Delete";
    CannedDeleteNamed => "Borrar /{shortcut}", "Delete /{shortcut}";
    CannedDeleteConfirm => "¿Borrar /{shortcut}? No se puede deshacer.", "Delete /{shortcut}? This cannot be undone.";
    CannedDeleted => "Respuesta borrada.", "Reply deleted.";
    CannedOthers => "De otro agente: solo quien la creó puede cambiarla.", "Another agent's: only whoever created it can change it.";
    CannedForbidden => "Esta respuesta es de otro agente: solo quien la creó puede cambiarla o borrarla.", "This reply belongs to another agent: only whoever created it can change or delete it.";
    CannedEmptyList => "Aún no hay respuestas predefinidas.", "There are no canned replies yet.";

    CustomerTitle => "Cliente", "Customer";
    CustomerToggle => "Datos del cliente", "Customer details";
    CustomerSince => "Cliente desde {date}", "Customer since {date}";
    CustomerCounts => "{total} tickets, {open} abiertos", "{total} tickets, {open} open";
    CustomerTickets => "Sus tickets", "Their tickets";
    CustomerNoOtherTickets => "No tiene otros tickets.", "No other tickets.";
    CustomerAllTickets => "Ver todos los tickets de este cliente en la bandeja", "Show all of this customer's tickets in the inbox";
    CustomerFilter => "Cliente: {name}", "Customer: {name}";
    FilterRemove => "Quitar el filtro {name}", "Remove the filter {name}";
    CustomerFilterClear => "Quitar el filtro por cliente {name}", "Clear the customer filter {name}";
    CurrentTicket => "(este ticket)", "(this ticket)";

    ApiRetrying => "{reason} Reintentando…", "{reason} Retrying…";
    ErrorNetwork => "No hay conexión con el servidor. Inténtelo de nuevo.", "The server cannot be reached. Try again.";
    ErrorForbidden => "No tiene permiso para esta acción.", "You are not allowed to do this.";
    ErrorNotFound => "No se encontró lo que buscaba.", "What you asked for was not found.";
    ErrorRateLimited => "Demasiadas solicitudes. Espere {seconds} s e inténtelo de nuevo.", "Too many requests. Wait {seconds} s and try again.";
    ErrorRateLimitedNoDelay => "Demasiadas solicitudes. Espere un momento e inténtelo de nuevo.", "Too many requests. Wait a moment and try again.";
    ErrorServer => "El servidor tuvo un problema ({status}). Inténtelo de nuevo.", "The server had a problem ({status}). Try again.";
    ErrorUnexpectedAnswer => "El servidor respondió algo inesperado: {detail}", "The server sent an unexpected answer: {detail}";
    ErrorValidation => "Revise los datos: {detail}", "Check what you entered: {detail}";
}

/// Replaces `{name}` placeholders of a templated text.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_language() {
        for &text in Text::ALL {
            for locale in Locale::ALL {
                assert!(!t(locale, text).trim().is_empty(), "{text:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn templated_texts_have_the_same_placeholders_in_both_languages() {
        fn placeholders(s: &str) -> Vec<&str> {
            let mut found: Vec<&str> = s
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            found.sort();
            found
        }
        for &text in Text::ALL {
            assert_eq!(
                placeholders(t(Locale::Es, text)),
                placeholders(t(Locale::En, text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(
            fill(
                t(Locale::En, Text::ConfigMissing),
                &[("field", "reverb_app_key")]
            ),
            "The field \"reverb_app_key\" is missing from config.json."
        );
        assert_eq!(fill("{a} {b} {a}", &[("a", "1"), ("b", "2")]), "1 2 1");
    }

    #[test]
    fn locale_tags_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::default(), Locale::Es);
    }
}
