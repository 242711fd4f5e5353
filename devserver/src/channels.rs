//! Channel names of the seed and the contract, and who hears which event.

pub struct ChannelNames;

impl ChannelNames {
    pub const ADMIN: &'static str = "private-support.admin";

    pub fn ticket(ticket_id: i64) -> String {
        format!("private-support.ticket.{ticket_id}")
    }

    pub fn ticket_presence(ticket_id: i64) -> String {
        format!("presence-support.ticket.{ticket_id}")
    }

    pub fn customer(customer_id: i64) -> String {
        format!("private-customer.{customer_id}")
    }

    /// One admin's own channel (contract v2: mentions).
    pub fn admin_private(admin_id: i64) -> String {
        format!("private-admin.{admin_id}")
    }

    /// A customer's message goes to the ticket and the admins; an admin's
    /// reply also to the customer's own channel (the seed's notifications).
    pub fn message_sent(&self, ticket_id: i64, customer_id: i64, from_admin: bool) -> Vec<String> {
        let mut channels = vec![Self::ticket(ticket_id)];
        if from_admin {
            channels.push(Self::customer(customer_id));
        }
        channels.push(Self::ADMIN.to_string());
        channels
    }

    pub fn status_changed(&self, ticket_id: i64) -> Vec<String> {
        vec![Self::ticket(ticket_id), Self::ADMIN.to_string()]
    }
}

/// Which ticket or customer a channel name is about.
#[derive(Debug, PartialEq, Eq)]
pub enum ChannelKind {
    Admin,
    Ticket(i64),
    TicketPresence(i64),
    Customer(i64),
    AdminPrivate(i64),
    Other,
}

pub fn classify(channel: &str) -> ChannelKind {
    let id = |rest: &str| rest.parse::<i64>().ok().filter(|id| *id > 0);
    if channel == ChannelNames::ADMIN {
        ChannelKind::Admin
    } else if let Some(id) = channel.strip_prefix("private-support.ticket.").and_then(id) {
        ChannelKind::Ticket(id)
    } else if let Some(id) = channel
        .strip_prefix("presence-support.ticket.")
        .and_then(id)
    {
        ChannelKind::TicketPresence(id)
    } else if let Some(id) = channel.strip_prefix("private-customer.").and_then(id) {
        ChannelKind::Customer(id)
    } else if let Some(id) = channel.strip_prefix("private-admin.").and_then(id) {
        ChannelKind::AdminPrivate(id)
    } else {
        ChannelKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_are_classified() {
        assert_eq!(classify("private-support.admin"), ChannelKind::Admin);
        assert_eq!(
            classify("private-support.ticket.12"),
            ChannelKind::Ticket(12)
        );
        assert_eq!(
            classify("presence-support.ticket.3"),
            ChannelKind::TicketPresence(3)
        );
        assert_eq!(classify("private-customer.7"), ChannelKind::Customer(7));
        assert_eq!(classify("private-admin.2"), ChannelKind::AdminPrivate(2));
        assert_eq!(classify("private-admin.2.x"), ChannelKind::Other);
        assert_eq!(classify("private-support.ticket.x"), ChannelKind::Other);
        assert_eq!(classify("private-support.ticket.-1"), ChannelKind::Other);
        assert_eq!(classify("private-customer.7.orders"), ChannelKind::Other);
    }
}
