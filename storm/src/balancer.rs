//! A small TCP balancer in front of the Pusher nodes, as a deployment puts
//! an L4 load balancer before Reverb or sockudo. Each new connection goes to
//! the next node in turn (or to a preferred one, for journeys that must know
//! where a socket lands); a node that refuses the connection is skipped, so
//! after a node dies every reconnect lands on the ones left. Not sticky: a
//! Pusher connection carries its whole state, so any node will do.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};

/// Where new connections go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    RoundRobin,
    /// This node (an index into the nodes) while it accepts; the others after it.
    Prefer(usize),
}

pub struct Balancer {
    nodes: Vec<SocketAddr>,
    policy: Mutex<Policy>,
    next: AtomicUsize,
    /// Connections open through each node, for `GET /nodes`.
    open: Vec<AtomicUsize>,
}

impl Balancer {
    pub fn new(nodes: Vec<SocketAddr>) -> Arc<Self> {
        let open = nodes.iter().map(|_| AtomicUsize::new(0)).collect();
        Arc::new(Balancer {
            nodes,
            policy: Mutex::new(Policy::RoundRobin),
            next: AtomicUsize::new(0),
            open,
        })
    }

    pub fn set_policy(&self, policy: Policy) {
        *self.policy.lock().unwrap_or_else(|e| e.into_inner()) = policy;
    }

    pub fn policy(&self) -> Policy {
        *self.policy.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn open_connections(&self, node: usize) -> usize {
        self.open.get(node).map_or(0, |n| n.load(Ordering::Relaxed))
    }

    /// The nodes in the order this connection tries them.
    fn order(&self) -> Vec<usize> {
        let count = self.nodes.len();
        let first = match self.policy() {
            Policy::Prefer(node) => node % count,
            Policy::RoundRobin => self.next.fetch_add(1, Ordering::Relaxed) % count,
        };
        (0..count).map(|i| (first + i) % count).collect()
    }

    /// Accepts until the listener fails; one task per connection.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                // Out of descriptors, most likely: give closing sockets a moment.
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            };
            let balancer = Arc::clone(&self);
            tokio::spawn(async move { balancer.relay(client).await });
        }
    }

    async fn relay(&self, mut client: TcpStream) {
        for node in self.order() {
            let Ok(mut upstream) = TcpStream::connect(self.nodes[node]).await else {
                continue;
            };
            let _ = client.set_nodelay(true);
            let _ = upstream.set_nodelay(true);
            self.open[node].fetch_add(1, Ordering::Relaxed);
            // Ends when either side closes or resets: a killed node's
            // sockets reset, so its clients see their connection drop.
            let _ = copy_bidirectional(&mut client, &mut upstream).await;
            self.open[node].fetch_sub(1, Ordering::Relaxed);
            return;
        }
        // No node accepts: the client sees its connection closed at once.
    }
}
