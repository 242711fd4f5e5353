fn main() {
    // A panic stops the panel; say where in the console, so it can be reported.
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("Mesa stopped: {info}")
    }));
    leptos::mount::mount_to_body(mesa::App);
}
