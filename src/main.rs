use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = supple::cli::Cli::parse();
    match supple::commands::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            for line in failure.to_string().lines() {
                supple::diag::say(line);
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
