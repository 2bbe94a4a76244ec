use clap::Parser;
use std::process::ExitCode;
use supple::commands::Failure;
use supple::diag::{say, say_problem};

fn main() -> ExitCode {
    let cli = supple::cli::Cli::parse();
    match supple::commands::dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            match &failure {
                Failure::Problems(p) => p.0.iter().for_each(|d| say_problem(d, false)),
                Failure::Checked(p, summary) => {
                    p.0.iter().for_each(|d| say_problem(d, false));
                    say(summary);
                }
                other => other.to_string().lines().for_each(say),
            }
            ExitCode::from(failure.exit_code())
        }
    }
}
