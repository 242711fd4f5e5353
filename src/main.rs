fn main() {
    // A panic stops the panel; say where in the console, so it can be reported.
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("Mesa stopped: {info}")
    }));
    // The static first paint of index.html gives way to the panel.
    if let Some(first_paint) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-paint"))
    {
        first_paint.remove();
    }
    leptos::mount::mount_to_body(mesa::App);
}
