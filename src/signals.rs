//! The one signal thread both runners use: signals arrive as messages on a channel, so a
//! runner can stop cleanly (record the run, give the terminal back) and exit with 128 + n.

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::{Handle, Signals};
use std::io;
use std::sync::mpsc::Sender;
use std::thread::{self, JoinHandle};

/// The signals that end a run: Ctrl-C, `kill`, a closed terminal, Ctrl-\.
pub const STOP: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// What the full screen also listens for: Ctrl-Z, `fg`, and a resized window.
pub const SCREEN: [i32; 7] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH];

/// The name of a signal, as the history records it.
pub fn name(n: i32) -> String {
    match n {
        SIGHUP => "SIGHUP".into(),
        SIGINT => "SIGINT".into(),
        SIGQUIT => "SIGQUIT".into(),
        signal_hook::consts::SIGPIPE => "SIGPIPE".into(),
        SIGTERM => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

/// A thread that turns each of `set` into a message; dropping it stops the thread and puts
/// the signals' default actions back in reach of the next listener.
pub struct Listener {
    handle: Handle,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Starts listening for `set`, sending `wrap(signal)` to `tx` for each one.
    pub fn start<T: Send + 'static>(
        set: &[i32],
        tx: Sender<T>,
        wrap: fn(i32) -> T,
    ) -> io::Result<Self> {
        let mut signals = Signals::new(set)?;
        let handle = signals.handle();
        let thread = thread::Builder::new()
            .name("supple-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if tx.send(wrap(signal)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Self {
            handle,
            thread: Some(thread),
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_signal_arrives_as_a_message() {
        let (tx, rx) = mpsc::channel();
        let listener = Listener::start(&[signal_hook::consts::SIGUSR1], tx, |n| n).unwrap();
        signal_hook::low_level::raise(signal_hook::consts::SIGUSR1).unwrap();
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)),
            Ok(signal_hook::consts::SIGUSR1)
        );
        drop(listener);
    }

    #[test]
    fn names_the_signals_that_end_a_run() {
        let names: Vec<String> = STOP.iter().map(|&n| name(n)).collect();
        assert_eq!(names, ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"]);
        assert_eq!(name(13), "SIGPIPE");
    }
}
