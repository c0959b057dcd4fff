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
        Command::Schema(args) => {
            return match write_schemas(&args.out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!(
                        "error: cannot write schemas to {}: {error}",
                        args.out.display()
                    );
                    ExitCode::FAILURE
                }
            };
        }
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

fn write_schemas(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, json) in sister_cities::content::schema::all() {
        std::fs::write(dir.join(name), json)?;
        println!("wrote {}", dir.join(name).display());
    }
    Ok(())
}
