//! The floor: the least a ratatui program does to show what `supple run` shows during a hold,
//! to measure supple against (`scripts/measure-run.sh` runs it beside supple).
//!
//! It draws a title line, a bordered box with the time left in the same big digits, a
//! breathing pacer that moves in the same eight steps per half-breath, and a footer, with
//! ratatui's stock crossterm backend; it sleeps until the next second or the next pacer step
//! and reads no keys. Only the figure is left out: it stands still during a hold.
//!
//! ```text
//! cargo build --release --example floor
//! target/release/examples/floor 42 4 6      # 42 s, breathing 4 s in, 6 s out
//! ```

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use std::io::stdout;
use std::time::{Duration, Instant};
use supple::tui::digits::{BigText, Size, fit, width};

const STEPS: u32 = 8;

fn main() -> std::io::Result<()> {
    let arg = |i: usize, default: u64| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let (length, inhale, exhale) = (arg(1, 42), arg(2, 4) * 1000, arg(3, 6) * 1000);
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let start = Instant::now();
    loop {
        let ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let done = ms >= length * 1000;
        let left = (length * 1000).saturating_sub(ms).div_ceil(1000);
        // Where in the breath: the half, and the step within it.
        let at = ms % (inhale + exhale);
        let (word, half, into) = if at < inhale {
            ("breathe in", inhale, at)
        } else {
            ("breathe out", exhale, at - inhale)
        };
        let step = into * u64::from(STEPS) / half;
        terminal.draw(|f| {
            let [title, body, footer] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(1),
            ])
            .areas(f.area());
            f.render_widget(
                Line::from(format!(" floor · hold{:>60}", format!("{left}s left"))),
                title,
            );
            let block = Block::bordered().title(" HOLD ");
            let inner = block.inner(body);
            f.render_widget(block, body);
            let text = if done {
                "0:00".to_string()
            } else {
                format!("{}:{:02}", left / 60, left % 60)
            };
            if let Some(size) = fit(&text, inner, Size::Giant) {
                let w = width(&text, size);
                let area = Rect { width: w, ..inner };
                f.render_widget(
                    BigText {
                        text: &text,
                        size,
                        style: Style::new(),
                    },
                    area,
                );
            }
            let bar = inner.width.saturating_sub(4);
            let filled = u64::from(bar)
                * if word == "breathe in" {
                    step
                } else {
                    u64::from(STEPS) - step
                }
                / u64::from(STEPS);
            let pacer = format!(
                "{}{}  {word}",
                "▰".repeat(usize::try_from(filled).unwrap_or(0)),
                "▱".repeat(usize::from(bar).saturating_sub(usize::try_from(filled).unwrap_or(0))),
            );
            let y = inner.bottom().saturating_sub(2);
            f.render_widget(
                Paragraph::new(pacer),
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
            );
            let words = if done {
                format!(" done · {}:{:02} of stretching", length / 60, length % 60)
            } else {
                " space pause   q quit".to_string()
            };
            f.render_widget(Line::from(words), footer);
        })?;
        if done {
            break;
        }
        // The next change: the next second, or the next pacer step, whichever comes first.
        let next_second = (ms / 1000 + 1) * 1000;
        let next_step = {
            let half_start = ms - into;
            half_start + (step + 1) * half / u64::from(STEPS)
        };
        let next = next_second.min(next_step).min(length * 1000);
        std::thread::sleep(Duration::from_millis(next.saturating_sub(ms).max(1)));
    }
    std::thread::sleep(Duration::from_millis(300));
    disable_raw_mode()?;
    execute!(stdout(), LeaveAlternateScreen, cursor::Show)
}
