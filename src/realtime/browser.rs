//! The browser shell around [`Connection`]: a `WebSocket`, `setTimeout`
//! timers, the auth `fetch`, and the page's online/visibility events. It
//! decides nothing; it turns browser events into inputs and effects into
//! browser calls, and tells the panel what happened through signals and
//! channel listeners.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use super::frame::socket_path;
use super::{
    AuthFailure, Connection, ConnectionState, Effect, Event, Input, SubscriptionStatus, TimerId,
};
use crate::api::types::ChannelAuth;
use crate::api::{ApiClient, ApiError};
use crate::config::RuntimeConfig;

/// An event on a channel, as listeners receive it.
/// Hears `(event, data, sender)`: `sender` is the `user_id` the Pusher server
/// stamps on client events, the only trustworthy word on who sent one.
pub type ChannelListener = Rc<dyn Fn(&str, &Value, Option<&str>)>;

/// The panel's handle on the live connection. Copy, like a signal, so views
/// and contexts can hold it.
#[derive(Clone, Copy)]
pub struct Live {
    shell: StoredValue<Rc<Shell>, LocalStorage>,
    state: RwSignal<ConnectionState>,
    /// Bumped whenever stores should fetch what they may have missed: after
    /// every reconnect once all channels are back, and when the page comes
    /// back after a while hidden (a sleeping laptop's socket may look alive).
    catch_ups: RwSignal<u64>,
    channels: RwSignal<HashMap<String, SubscriptionStatus>>,
    /// Presence channel → user id → `user_info`.
    presence: RwSignal<HashMap<String, BTreeMap<String, Value>>>,
}

impl Live {
    /// Creates the shell; `connect` starts it.
    pub fn new(config: &RuntimeConfig, api: ApiClient) -> Live {
        let page = crate::browser::page_origin();
        let url = config.websocket_url(
            &page,
            &socket_path(&config.reverb_app_key, env!("CARGO_PKG_VERSION")),
        );
        let live = Live {
            shell: StoredValue::new_local(Rc::new_cyclic(|me| Shell {
                me: me.clone(),
                machine: RefCell::new(Connection::new(random_seed())),
                queue: RefCell::new(VecDeque::new()),
                running: Cell::new(false),
                socket: RefCell::new(None),
                timers: RefCell::new(HashMap::new()),
                listeners: RefCell::new(Vec::new()),
                next_listener: Cell::new(0),
                url,
                auth_url: config.auth_url(),
                api,
                page_events: RefCell::new(Vec::new()),
                signals: RefCell::new(None),
            })),
            state: RwSignal::new(ConnectionState::Disconnected),
            catch_ups: RwSignal::new(0),
            channels: RwSignal::new(HashMap::new()),
            presence: RwSignal::new(HashMap::new()),
        };
        live.shell.with_value(|shell| {
            *shell.signals.borrow_mut() = Some(Signals {
                state: live.state,
                catch_ups: live.catch_ups,
                channels: live.channels,
                presence: live.presence,
            });
            shell.watch_page();
        });
        live
    }

    pub fn connect(&self) {
        self.dispatch(Input::Connect);
    }

    pub fn disconnect(&self) {
        self.dispatch(Input::Disconnect);
    }

    fn dispatch(&self, input: Input) {
        if let Some(shell) = self.shell.try_get_value() {
            shell.dispatch(input);
        }
    }

    /// The connection's state; reactive.
    pub fn state(&self) -> ConnectionState {
        self.state.get()
    }

    /// How many times stores were asked to catch up; reactive.
    pub fn catch_ups(&self) -> u64 {
        self.catch_ups.get()
    }

    /// Whether a channel is subscribed, waiting, or refused; reactive.
    pub fn channel_status(&self, channel: &str) -> Option<SubscriptionStatus> {
        self.channels.with(|c| c.get(channel).cloned())
    }

    /// Whether the channel is subscribed; reactive. Stores catch up when this
    /// turns true, because events sent before it were not heard.
    pub fn is_subscribed(&self, channel: &str) -> bool {
        self.channels
            .with(|c| matches!(c.get(channel), Some(SubscriptionStatus::Subscribed)))
    }

    pub fn is_subscribed_untracked(&self, channel: &str) -> bool {
        self.channels
            .with_untracked(|c| matches!(c.get(channel), Some(SubscriptionStatus::Subscribed)))
    }

    /// Who is on a presence channel: user id and `user_info`; reactive.
    pub fn members(&self, channel: &str) -> Vec<(String, Value)> {
        self.presence.with(|p| members_of(p, channel))
    }

    /// The same, read without subscribing (from an event listener).
    pub fn members_untracked(&self, channel: &str) -> Vec<(String, Value)> {
        self.presence.with_untracked(|p| members_of(p, channel))
    }

    /// Sends a client event (`client-…`) to the others on a subscribed
    /// private or presence channel.
    pub fn whisper(&self, channel: &str, event: &str, data: Value) {
        self.dispatch(Input::SendClientEvent {
            channel: channel.to_string(),
            event: event.to_string(),
            data,
        });
    }

    /// Subscribes to a channel (once, however many listeners) and calls
    /// `listener(event, data, sender)` for each of its events until the returned
    /// guard is dropped; the last guard of a channel unsubscribes it.
    pub(super) fn listen(
        &self,
        channel: &str,
        listener: impl Fn(&str, &Value, Option<&str>) + 'static,
    ) -> Listening {
        let Some(shell) = self.shell.try_get_value() else {
            return Listening {
                shell: Weak::new(),
                id: 0,
            };
        };
        let id = shell.next_listener.get() + 1;
        shell.next_listener.set(id);
        shell
            .listeners
            .borrow_mut()
            .push((id, channel.to_string(), Rc::new(listener)));
        self.channels.update(|c| {
            c.entry(channel.to_string())
                .or_insert(SubscriptionStatus::Waiting);
        });
        shell.dispatch(Input::Subscribe(channel.to_string()));
        Listening {
            shell: Rc::downgrade(&shell),
            id,
        }
    }
}

fn members_of(
    presence: &HashMap<String, BTreeMap<String, Value>>,
    channel: &str,
) -> Vec<(String, Value)> {
    presence
        .get(channel)
        .map(|members| {
            members
                .iter()
                .map(|(id, info)| (id.clone(), info.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Keeps a channel listener alive; dropping it stops listening.
pub struct Listening {
    shell: Weak<Shell>,
    id: u64,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let Some(shell) = self.shell.upgrade() else {
            return;
        };
        let channel = {
            let mut listeners = shell.listeners.borrow_mut();
            let Some(index) = listeners.iter().position(|(id, _, _)| *id == self.id) else {
                return;
            };
            let (_, channel, _) = listeners.remove(index);
            let still_heard = listeners.iter().any(|(_, c, _)| *c == channel);
            (!still_heard).then_some(channel)
        };
        if let Some(channel) = channel {
            if let Some(signals) = *shell.signals.borrow() {
                signals.channels.update(|c| {
                    c.remove(&channel);
                });
                signals.presence.update(|p| {
                    p.remove(&channel);
                });
            }
            shell.dispatch(Input::Unsubscribe(channel));
        }
    }
}

struct OpenSocket {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

/// Where the shell reports to the panel.
#[derive(Clone, Copy)]
struct Signals {
    state: RwSignal<ConnectionState>,
    catch_ups: RwSignal<u64>,
    channels: RwSignal<HashMap<String, SubscriptionStatus>>,
    presence: RwSignal<HashMap<String, BTreeMap<String, Value>>>,
}

struct Shell {
    me: Weak<Shell>,
    machine: RefCell<Connection>,
    /// Inputs wait here while effects run, so a listener that subscribes
    /// from inside an event never re-enters the machine.
    queue: RefCell<VecDeque<Input>>,
    running: Cell<bool>,
    socket: RefCell<Option<OpenSocket>>,
    timers: RefCell<HashMap<TimerId, TimeoutHandle>>,
    listeners: RefCell<Vec<(u64, String, ChannelListener)>>,
    next_listener: Cell<u64>,
    url: String,
    auth_url: String,
    api: ApiClient,
    page_events: RefCell<Vec<Box<dyn FnOnce()>>>,
    signals: RefCell<Option<Signals>>,
}

impl Drop for Shell {
    fn drop(&mut self) {
        for remove in self.page_events.borrow_mut().drain(..) {
            remove();
        }
        if let Some(open) = self.socket.borrow_mut().take() {
            detach(&open.socket);
            let _ = open.socket.close();
        }
        for (_, handle) in self.timers.borrow_mut().drain() {
            handle.clear();
        }
    }
}

impl Shell {
    fn dispatch(&self, input: Input) {
        self.queue.borrow_mut().push_back(input);
        if self.running.replace(true) {
            return;
        }
        loop {
            let Some(input) = self.queue.borrow_mut().pop_front() else {
                break;
            };
            let effects = self.machine.borrow_mut().step(input);
            for effect in effects {
                self.execute(effect);
            }
        }
        self.running.set(false);
    }

    /// Queues an input from a browser callback.
    fn feed(me: &Weak<Shell>, input: Input) {
        if let Some(shell) = me.upgrade() {
            shell.dispatch(input);
        }
    }

    fn execute(&self, effect: Effect) {
        match effect {
            Effect::OpenSocket => self.open_socket(),
            Effect::CloseSocket { code } => {
                if let Some(open) = self.socket.borrow_mut().take() {
                    detach(&open.socket);
                    // Browsers only let pages close with 1000 or 3000–4999.
                    let code = if code == 1000 || (3000..=4999).contains(&code) {
                        code
                    } else {
                        1000
                    };
                    let _ = open.socket.close_with_code(code);
                }
            }
            Effect::Send(text) => {
                if let Some(open) = self.socket.borrow().as_ref() {
                    let _ = open.socket.send_with_str(&text);
                }
            }
            Effect::StartTimer { timer, after_ms } => {
                let me = self.me.clone();
                let handle = set_timeout_with_handle(
                    move || Shell::feed(&me, Input::TimerFired(timer)),
                    Duration::from_millis(u64::from(after_ms)),
                );
                if let Ok(handle) = handle {
                    self.timers.borrow_mut().insert(timer, handle);
                }
            }
            Effect::CancelTimer { timer } => {
                if let Some(handle) = self.timers.borrow_mut().remove(&timer) {
                    handle.clear();
                }
            }
            Effect::RequestAuth { channel, socket_id } => self.authorize(channel, socket_id),
            Effect::Emit(event) => self.emit(event),
        }
    }

    fn open_socket(&self) {
        let socket = match WebSocket::new(&self.url) {
            Ok(socket) => socket,
            Err(error) => {
                leptos::logging::warn!("realtime: cannot open {}: {error:?}", self.url);
                let me = self.me.clone();
                // Report the failure as a close, after this dispatch finishes.
                set_timeout(
                    move || Shell::feed(&me, Input::SocketClosed { code: None }),
                    Duration::ZERO,
                );
                return;
            }
        };
        let me = self.me.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || Shell::feed(&me, Input::SocketOpened));
        let me = self.me.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                Shell::feed(&me, Input::SocketMessage(text));
            }
        });
        let me = self.me.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            Shell::feed(
                &me,
                Input::SocketClosed {
                    code: Some(event.code()),
                },
            );
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *self.socket.borrow_mut() = Some(OpenSocket {
            socket,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        });
    }

    fn authorize(&self, channel: String, socket_id: String) {
        let me = self.me.clone();
        let url = self.auth_url.clone();
        let api = self.api.clone();
        spawn_local(async move {
            let answer = api.authorize_channel(&url, &socket_id, &channel).await;
            let input = match answer {
                Ok(ChannelAuth { auth, channel_data }) => Input::AuthAnswered {
                    channel,
                    socket_id,
                    auth,
                    channel_data,
                },
                Err(error) => Input::AuthFailed {
                    channel,
                    socket_id,
                    reason: auth_failure(error),
                },
            };
            Shell::feed(&me, input);
        });
    }

    fn emit(&self, event: Event) {
        let Some(Signals {
            state,
            catch_ups,
            channels,
            presence,
        }) = *self.signals.borrow()
        else {
            return;
        };
        match event {
            Event::StateChanged(next) => {
                let socket_id = matches!(next, ConnectionState::Connected)
                    .then(|| self.machine.borrow().socket_id().map(str::to_string))
                    .flatten();
                self.api.set_socket_id(socket_id);
                // Without a socket no channel is subscribed: the machine
                // subscribes them again on the next one.
                if next != ConnectionState::Connected {
                    let stale = channels.with_untracked(|c| {
                        c.values().any(|s| *s == SubscriptionStatus::Subscribed)
                    });
                    if stale {
                        channels.update(|c| {
                            c.values_mut()
                                .filter(|s| **s == SubscriptionStatus::Subscribed)
                                .for_each(|s| *s = SubscriptionStatus::Waiting);
                        });
                    }
                }
                state.set(next);
            }
            Event::ChannelEvent {
                channel,
                event,
                data,
                user_id,
            } => {
                // Clone the listeners out: one may stop listening while called.
                let listeners: Vec<ChannelListener> = self
                    .listeners
                    .borrow()
                    .iter()
                    .filter(|(_, c, _)| *c == channel)
                    .map(|(_, _, l)| Rc::clone(l))
                    .collect();
                for listener in listeners {
                    listener(&event, &data, user_id.as_deref());
                }
            }
            Event::SubscriptionSucceeded { channel } => {
                channels.update(|c| {
                    c.insert(channel, SubscriptionStatus::Subscribed);
                });
            }
            Event::SubscriptionFailed { channel, reason } => {
                leptos::logging::warn!("realtime: {channel} refused: {reason:?}");
                channels.update(|c| {
                    c.insert(channel, SubscriptionStatus::Failed(reason));
                });
            }
            Event::Resubscribed | Event::BackAfterHidden => catch_ups.update(|n| *n += 1),
            Event::PresenceSnapshot { channel, members } => presence.update(|p| {
                p.insert(
                    channel,
                    members
                        .into_iter()
                        .map(|m| (m.user_id, m.user_info))
                        .collect(),
                );
            }),
            Event::MemberAdded { channel, member } => presence.update(|p| {
                p.entry(channel)
                    .or_default()
                    .insert(member.user_id, member.user_info);
            }),
            Event::MemberRemoved { channel, user_id } => presence.update(|p| {
                if let Some(members) = p.get_mut(&channel) {
                    members.remove(&user_id);
                }
            }),
            Event::SignedOut => self.api.session_rejected(),
            Event::ServerError { code, message } => {
                leptos::logging::warn!("realtime: server error {code:?}: {message}");
            }
            Event::ProtocolError(error) => {
                leptos::logging::warn!("realtime: skipped a frame: {error:?}")
            }
            other => leptos::logging::debug_warn!("realtime: {other:?}"),
        }
    }

    /// Reconnects at once when the browser comes back online or the page
    /// becomes visible again (after sleep, a socket is often silently dead).
    fn watch_page(&self) {
        let Some(window) = crate::browser::window() else {
            return;
        };
        let mut removers: Vec<Box<dyn FnOnce()>> = Vec::new();
        for (name, input) in [("online", Input::Online), ("offline", Input::Offline)] {
            let me = self.me.clone();
            let handle =
                window_event_listener_untyped(name, move |_| Shell::feed(&me, input.clone()));
            removers.push(Box::new(move || handle.remove()));
        }
        if let Some(document) = window.document() {
            let me = self.me.clone();
            let watched = document.clone();
            let on_visibility = Closure::<dyn FnMut()>::new(move || {
                let at_ms = js_sys::Date::now() as u64;
                let input = if watched.hidden() {
                    Input::PageHidden { at_ms }
                } else {
                    Input::PageVisible { at_ms }
                };
                Shell::feed(&me, input);
            });
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
            removers.push(Box::new(move || {
                let _ = document.remove_event_listener_with_callback(
                    "visibilitychange",
                    on_visibility.as_ref().unchecked_ref(),
                );
            }));
        }
        *self.page_events.borrow_mut() = removers;
    }
}

fn detach(socket: &WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onclose(None);
}

/// The machine's reading of a refused channel authorization.
fn auth_failure(error: ApiError) -> AuthFailure {
    match error {
        ApiError::Unauthorized => AuthFailure::Unauthorized,
        ApiError::Forbidden { .. } => AuthFailure::Forbidden,
        ApiError::Network => AuthFailure::Network,
        other => AuthFailure::Other(format!("{other:?}")),
    }
}

fn random_seed() -> u64 {
    (js_sys::Math::random() * (u64::MAX as f64)) as u64 | 1
}
