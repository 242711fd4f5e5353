use devserver::cli::{Options, Seed};
use devserver::demo;
use devserver::simulator::{self, Plan};
use devserver::Server;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("simulate") {
        let plan = match Plan::from_args(args.skip(1)) {
            Ok(plan) => plan,
            Err(message) => {
                eprintln!("{message}");
                std::process::exit(2);
            }
        };
        if let Err(message) = simulator::run(plan).await {
            eprintln!("simulate: {message}");
            std::process::exit(1);
        }
        return;
    }
    let options = match Options::from_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if let Some(dir) = options.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let server = match Server::bind(&options).await {
        Ok(server) => server,
        Err(message) => {
            eprintln!("devserver: {message}");
            std::process::exit(1);
        }
    };
    println!("Mesa dev server: http://{}/", server.addr);
    // Said at every start, because this server is easy to mistake for a
    // backend: it has demo passwords, a cheap bcrypt cost and fault injection.
    println!("  development only — not for production");
    if !options.static_dir.join("index.html").exists() {
        println!(
            "  (no panel in {}: build it with `cargo xtask dev`)",
            options.static_dir.display()
        );
    }
    if options.simulate {
        let plan = Plan::from_args(["--url".to_string(), format!("http://{}", server.addr)])
            .expect("the simulator's defaults parse");
        tokio::spawn(async move {
            if let Err(message) = simulator::run(Plan {
                interval: std::time::Duration::from_secs(8),
                ..plan
            })
            .await
            {
                eprintln!("simulate: {message}");
            }
        });
    }
    if options.seed != Seed::None {
        let admins: Vec<&str> = demo::ADMINS.iter().map(|(_, email)| *email).collect();
        println!(
            "  admins:    {} (password: {})",
            admins.join(", "),
            demo::PASSWORD
        );
        println!(
            "  customers: cliente1@mesa.test … cliente40@mesa.test (password: {})",
            demo::PASSWORD
        );
    }
    if let Err(error) = server.run().await {
        eprintln!("devserver: {error}");
        std::process::exit(1);
    }
}
