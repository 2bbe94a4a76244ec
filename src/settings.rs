//! `config.yaml`: the user's defaults, below the command line and the routine file.
//!
//! ```yaml
//! prepare: 10s          # get-ready time before each stretch
//! switch: 5s            # between sides
//! rest: 10s             # between sets
//! pacer: {in: 4s, out: 6s}   # breathing pacer during holds, or `off`
//! bell: true            # terminal bell at phase changes and 3-2-1
//! cue_command: ["espeak-ng", "{text}"]   # run for every cue, `{text}` = its words
//! colors: true          # false for a plain screen (NO_COLOR does the same)
//! conditions: [disc]    # health conditions to respect, as with --condition
//! figures: braille      # the stick figures: braille, blocks (fonts without braille), off
//! ```

use crate::diag::{Diagnostic, Problems};
use crate::library::Source;
use crate::routine::Gaps;
use crate::yaml::{Doc, Scope, Value, kind_of};

const FIELDS: &[&str] = &[
    "prepare",
    "switch",
    "rest",
    "pacer",
    "bell",
    "cue_command",
    "colors",
    "conditions",
    "figures",
];

crate::vocab!(
    /// How the stick figures are drawn: in braille, in half blocks for fonts without
    /// braille, or not at all.
    Figures, "figures value", {
        Braille = "braille",
        Blocks = "blocks",
        Off = "off",
    }
);

/// Settings from `config.yaml`, with their built-in defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Gaps the config sets (unset ones fall through to the built-in defaults).
    pub gaps: Gaps,
    /// The breathing pacer during holds, `(in, out)` seconds; `None` is off.
    pub pacer: Option<(u32, u32)>,
    pub bell: bool,
    /// A program and its arguments, run for every cue; `{text}` becomes the cue's words.
    pub cue_command: Option<Vec<String>>,
    pub colors: bool,
    /// Health conditions to respect on every run, plan, list and build.
    pub conditions: Vec<crate::library::Condition>,
    pub figures: Figures,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            gaps: Gaps::default(),
            pacer: Some((4, 6)),
            bell: true,
            cue_command: None,
            colors: true,
            conditions: Vec::new(),
            figures: Figures::Braille,
        }
    }
}

impl Settings {
    /// Reads `config.yaml` text; every problem is collected.
    pub fn parse(source: &Source) -> Result<Settings, Problems> {
        let (mut doc, value) =
            Doc::parse(&source.name, &source.text).map_err(|d| Problems(vec![d]))?;
        let mut settings = Settings::default();
        let map = match &value.value {
            Value::Null => return Ok(settings),
            Value::Map(m) => m,
            other => {
                return Err(Problems(vec![
                    Diagnostic::new(
                        &source.name,
                        format!(
                            "expected settings (a mapping like `rest: 10s`), found {}",
                            kind_of(other)
                        ),
                    )
                    .at(Some(value.pos())),
                ]));
            }
        };
        let scope = Scope::new(&value, map, None);
        doc.check_keys(&scope, FIELDS);
        settings.gaps = Gaps {
            prepare: doc.duration(&scope, "prepare"),
            switch: doc.duration(&scope, "switch"),
            rest: doc.duration(&scope, "rest"),
        };
        if let Some(v) = map.get("pacer") {
            settings.pacer = match &v.value {
                Value::Bool(false) => None,
                Value::Str(s) if s == "off" => None,
                Value::Map(_) => {
                    let sub = doc.sub(&scope, "pacer");
                    sub.and_then(|b| {
                        doc.check_keys(&b, &["in", "out"]);
                        let i = doc.duration(&b, "in");
                        let o = doc.duration(&b, "out");
                        if !b.map.contains_key("in") {
                            doc.missing(&b, "in", "the inhale's length, like `4s`");
                        }
                        if !b.map.contains_key("out") {
                            doc.missing(&b, "out", "the exhale's length, like `6s`");
                        }
                        Some((i?, o?))
                    })
                }
                other => {
                    doc.field_problem(
                        &scope,
                        "pacer",
                        None,
                        format!(
                            "expected `{{in: 4s, out: 6s}}` or `off`, found {}",
                            kind_of(other)
                        ),
                        None,
                    );
                    None
                }
            };
        }
        if let Some(b) = doc.flag(&scope, "bell") {
            settings.bell = b;
        }
        if let Some(b) = doc.flag(&scope, "colors") {
            settings.colors = b;
        }
        settings.conditions = doc.word_list(&scope, "conditions");
        // `figures: false` reads as YAML's false: the same as `off`.
        if map
            .get("figures")
            .is_some_and(|v| matches!(v.value, Value::Bool(false)))
        {
            settings.figures = Figures::Off;
        } else if let Some(f) = doc.word::<Figures>(&scope, "figures", false) {
            settings.figures = f;
        }
        if map.contains_key("cue_command") {
            let words = doc.text_list(&scope, "cue_command");
            if words.is_empty() && map.get("cue_command").is_some_and(|v| v.as_seq().is_some()) {
                doc.field_problem(
                    &scope,
                    "cue_command",
                    None,
                    "empty command",
                    Some(
                        "write a program and its arguments, like `[\"espeak-ng\", \"{text}\"]`"
                            .into(),
                    ),
                );
            }
            settings.cue_command = (!words.is_empty()).then_some(words);
        }
        if doc.reported() == 0 {
            Ok(settings)
        } else {
            let mut problems = doc.into_problems();
            crate::diag::attach_lines(&mut problems, &source.text);
            Err(Problems(problems))
        }
    }

    /// The conditions to respect: the config's, then those named on the command line.
    pub fn conditions_with(
        &self,
        flags: &[crate::library::Condition],
    ) -> Vec<crate::library::Condition> {
        let mut all = self.conditions.clone();
        for c in flags {
            if !all.contains(c) {
                all.push(*c);
            }
        }
        all
    }

    /// Colours unless the config or `NO_COLOR` (any non-empty value, passed in by the
    /// caller) turns them off.
    pub fn use_colors(&self, no_color: Option<&std::ffi::OsStr>) -> bool {
        self.colors && no_color.is_none_or(std::ffi::OsStr::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, Vec<String>> {
        Settings::parse(&Source {
            name: "config.yaml".into(),
            text: text.into(),
            builtin: false,
        })
        .map_err(|p| p.0.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn empty_config_gives_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
        assert_eq!(parse("# nothing\n").unwrap(), Settings::default());
    }

    #[test]
    fn figures_are_braille_blocks_or_off() {
        assert_eq!(Settings::default().figures, Figures::Braille);
        assert_eq!(parse("figures: blocks\n").unwrap().figures, Figures::Blocks);
        assert_eq!(parse("figures: off\n").unwrap().figures, Figures::Off);
        assert_eq!(parse("figures: false\n").unwrap().figures, Figures::Off);
        let e = parse("figures: brail\n").unwrap_err();
        assert!(
            e[0].starts_with("config.yaml:1:10: field `figures`: unknown figures value `brail`"),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `braille`?)"), "{}", e[0]);
    }

    #[test]
    fn reads_every_setting() {
        let s = parse("prepare: 3s\nrest: 1m\npacer: {in: 5s, out: 5s}\nbell: false\ncue_command: [espeak-ng, \"{text}\"]\ncolors: false\n").unwrap();
        assert_eq!(
            s.gaps,
            Gaps {
                prepare: Some(3),
                switch: None,
                rest: Some(60)
            }
        );
        assert_eq!(s.pacer, Some((5, 5)));
        assert!(!s.bell && !s.colors);
        assert_eq!(
            s.cue_command,
            Some(vec!["espeak-ng".into(), "{text}".into()])
        );
        assert_eq!(parse("pacer: off\n").unwrap().pacer, None);
    }

    #[test]
    fn reads_conditions_with_a_suggestion_for_a_typo() {
        use crate::library::Condition;
        let s = parse("conditions: [disc, pregnancy]\n").unwrap();
        assert_eq!(s.conditions, vec![Condition::Disc, Condition::Pregnancy]);
        let e = parse("conditions: [osteoporsis]\n").unwrap_err();
        assert!(
            e[0].starts_with(
                "config.yaml:1:14: field `conditions`: unknown condition `osteoporsis`"
            ),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `osteoporosis`?)"), "{}", e[0]);
    }

    #[test]
    fn names_the_bad_key_and_line() {
        let e = parse("prepare: 3s\nbel: false\nrest: soon\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("config.yaml:2:1: field `bel`: unknown field"),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with("(did you mean `bell`?)"), "{}", e[0]);
        assert!(
            e[1].starts_with("config.yaml:3:7: field `rest`: cannot read `soon`"),
            "{}",
            e[1]
        );
    }
}
