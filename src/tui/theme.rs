//! The one set of named styles every screen draws with. Without colours (`NO_COLOR`,
//! `colors: false`) no style carries a colour; bold stays, so the words and the shapes
//! carry the meaning alone.

use crate::timeline::PhaseKind;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colors: bool,
    /// Ordinary text.
    pub text: Style,
    /// What matters most: the stretch name, the side, the rep.
    pub strong: Style,
    /// Quieter text: areas, what comes next, the words in the key footer.
    pub dim: Style,
    /// A key's name in the footer and the help.
    pub key: Style,
    /// The phase kinds: the frame, its title and the digits.
    pub prepare: Style,
    pub work: Style,
    /// Switch sides and rest.
    pub gap: Style,
    pub paused: Style,
    /// The breathing pacer: the filled and the empty part of the bar.
    pub pacer_fill: Style,
    pub pacer_empty: Style,
    /// The routine gauge in the title row.
    pub gauge_fill: Style,
    pub gauge_empty: Style,
    /// A question or a warning: the quit prompt, a cue command that cannot run.
    pub alert: Style,
}

impl Theme {
    pub fn new(colors: bool) -> Self {
        if !colors {
            return Self::plain();
        }
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            colors,
            text: Style::new(),
            strong: bold,
            dim: Style::new().fg(Color::Gray),
            key: bold.fg(Color::Cyan),
            prepare: Style::new().fg(Color::Blue),
            work: Style::new().fg(Color::Green),
            gap: Style::new().fg(Color::Yellow),
            paused: Style::new().fg(Color::DarkGray),
            pacer_fill: Style::new().fg(Color::Cyan),
            pacer_empty: Style::new().fg(Color::DarkGray),
            gauge_fill: Style::new().fg(Color::Green),
            gauge_empty: Style::new().fg(Color::DarkGray),
            alert: bold.fg(Color::Yellow),
        }
    }

    /// No colour anywhere; bold is the only emphasis.
    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            colors: false,
            text: Style::new(),
            strong: bold,
            dim: Style::new(),
            key: bold,
            prepare: Style::new(),
            work: Style::new(),
            gap: Style::new(),
            paused: Style::new(),
            pacer_fill: Style::new(),
            pacer_empty: Style::new(),
            gauge_fill: Style::new(),
            gauge_empty: Style::new(),
            alert: bold,
        }
    }

    /// The style of a phase: its kind's colour, grey while paused, bold in the last
    /// seconds.
    pub fn phase(&self, kind: PhaseKind, paused: bool, urgent: bool) -> Style {
        let base = if paused {
            self.paused
        } else {
            match kind {
                PhaseKind::Prepare => self.prepare,
                PhaseKind::Work => self.work,
                PhaseKind::Switch | PhaseKind::Rest => self.gap,
            }
        };
        if urgent && !paused {
            base.add_modifier(Modifier::BOLD)
        } else {
            base
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::new(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_has_no_colour() {
        let t = Theme::plain();
        for s in [
            t.text,
            t.strong,
            t.dim,
            t.key,
            t.prepare,
            t.work,
            t.gap,
            t.paused,
            t.pacer_fill,
            t.pacer_empty,
            t.gauge_fill,
            t.gauge_empty,
            t.alert,
            t.phase(PhaseKind::Work, false, true),
        ] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
        assert_eq!(Theme::new(false), t);
    }

    #[test]
    fn kinds_have_their_colours() {
        let t = Theme::new(true);
        assert_eq!(
            t.phase(PhaseKind::Prepare, false, false).fg,
            Some(Color::Blue)
        );
        assert_eq!(
            t.phase(PhaseKind::Work, false, false).fg,
            Some(Color::Green)
        );
        assert_eq!(
            t.phase(PhaseKind::Switch, false, false).fg,
            Some(Color::Yellow)
        );
        assert_eq!(
            t.phase(PhaseKind::Rest, false, false).fg,
            Some(Color::Yellow)
        );
        assert_eq!(
            t.phase(PhaseKind::Work, true, true).fg,
            Some(Color::DarkGray)
        );
        assert!(
            t.phase(PhaseKind::Work, false, true)
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }
}
