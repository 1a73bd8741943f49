//! The `cut-off` binary: parse arguments, sign in with the developer tools (Azure CLI, then
//! Azure Developer CLI), run, print the summary, exit 1 if anything failed.

use azure_core::http::ClientOptions;
use azure_identity::DeveloperToolsCredential;
use clap::Parser;
use cut_off::{args::Args, run};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let credential = match DeveloperToolsCredential::new(None) {
        Ok(credential) => credential,
        Err(e) => {
            eprintln!("cut-off: no credential (sign in with `az login` or `azd auth login`): {e}");
            return ExitCode::from(2);
        }
    };
    if args.dry_run {
        println!("dry run: writes are printed, not sent; AVD still sends its read-only GETs");
    }
    let mut stdout = std::io::stdout();
    let report = run(&args, credential, ClientOptions::default(), &mut stdout).await;
    print!("{}", report.summary());
    ExitCode::from(u8::try_from(report.exit_code()).unwrap_or(1))
}
