use std::process::ExitCode;

use clap::Parser;
use sister_cities::config::{Cli, Command};
use sister_cities::{check, server};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .init();
    let result = match Cli::parse().into_command() {
        Command::Serve(args) => server::serve(args).await,
        Command::Check(args) => {
            return if check::run(&args) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
