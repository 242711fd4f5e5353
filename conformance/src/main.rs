use std::process::ExitCode;

use conformance::config::ArgsError;
use conformance::Config;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(ArgsError::Help) => {
            println!("{}", ArgsError::Help);
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("conformance: {error}");
            return ExitCode::from(2);
        }
    };
    let report = conformance::run(&config, true).await;
    let refused = report.refused_skips(&config.allow_skip);
    if !refused.is_empty() {
        let names: Vec<String> = refused.iter().map(|l| format!("{:?}", l.clause)).collect();
        eprintln!(
            "conformance: {} clauses were skipped without --allow-skip or --allow-skip-clause NAME: {}",
            refused.len(),
            names.join(", ")
        );
    }
    // Alone on the last line: tools read it.
    println!("{}", report.summary());
    if report.failed() > 0 || !refused.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
