//! The command line.

use crate::builder::Request;
use crate::library::{Area, Condition, Joint, Level};
use crate::routine::Gaps;
use crate::yaml::{MAX_SECONDS, Vocab, parse_duration};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  supple run morning                  the morning routine, full screen
  supple run lower-back --plain       line by line, for logs and screen readers
  supple run --area hips --minutes 8  build 8 minutes for the hips, run it
  supple plan lower-back              the routine's timeline, no waiting
  supple list --area hamstrings       stretches for one body area
  supple show pigeon-pose             one stretch in full
  supple history --since 2026-11-01   the runs since a day
  supple check ~/.config/supple       check your own stretch and routine files";

#[derive(Debug, Parser)]
#[command(
    name = "supple",
    version,
    about = "A stretch-routine timer for the terminal: holds, reps, sides and breathing",
    long_about = "A stretch-routine timer for the terminal.\n\nA YAML library of stretches feeds routines; a full-screen countdown walks you through holds, reps, side switches and breathing. With no command, opens the home screen.",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Also read the stretch files (*.yaml) in this folder; repeatable; later folders win
    #[arg(long = "library", value_name = "DIR", global = true)]
    pub library: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a routine: a built-in or your own by name, a routine file by path, or one built
    /// from --area and --minutes
    #[command(
        after_help = "Examples:\n  supple run morning\n  supple run ./my-routine.yaml --prepare 5s\n  supple run --area hips --area hamstrings --minutes 10 --avoid knees\n  supple run desk --plain | tee desk.log\n\nKeys: space pause · → n next phase · ] next stretch · ? all the keys · q quit\n(`supple man` lists them all)"
    )]
    Run(RunArgs),
    /// Print a routine's timeline with start times and the total, without running it
    #[command(
        after_help = "Examples:\n  supple plan lower-back\n  supple plan morning --json | jq .total_seconds\n  supple plan --area hips --minutes 5      the routine `supple run --area hips --minutes 5` builds"
    )]
    Plan(PlanArgs),
    /// List stretches as a table
    #[command(
        after_help = "Examples:\n  supple list\n  supple list --area hips --avoid knees\n  supple list --json"
    )]
    List(ListArgs),
    /// Show one stretch in full
    #[command(after_help = "Example:\n  supple show cat-cow")]
    Show {
        /// The stretch id, as `supple list` shows it
        id: String,
        /// Print the stick figure above the text even when the output is not a terminal
        #[arg(long, conflicts_with = "no_figure")]
        figure: bool,
        /// Leave the stick figure out
        #[arg(long)]
        no_figure: bool,
    },
    /// Draw a stretch's stick figure: as text, or as an SVG picture with --svg (each
    /// keyframe side by side for a moving stretch)
    #[command(
        after_help = "Examples:\n  supple figure cat-cow\n  supple figure pigeon-pose --right\n  supple figure cat-cow --svg -o cat-cow.svg"
    )]
    Figure(FigureArgs),
    /// List the body areas with how many stretches work each
    Areas,
    /// List routines with their total time
    #[command(after_help = "Examples:\n  supple routines\n  supple routines --json")]
    Routines {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Build a routine from body areas and a time budget and write it as YAML
    #[command(
        after_help = "Examples:\n  supple build --area hips --minutes 10\n  supple build --area neck --area shoulders --minutes 5 -o ~/.config/supple/routines/desk2.yaml"
    )]
    Build(BuildArgs),
    /// Validate stretch and routine files (everything supple reads, when no path is given)
    #[command(
        after_help = "Examples:\n  supple check\n  supple check my-stretches.yaml my-routine.yaml\n  supple check --json my-stretches.yaml"
    )]
    Check {
        /// Files or folders to check
        paths: Vec<PathBuf>,
        /// Print the problems as JSON, for editors (exit 1 when there are any)
        #[arg(long)]
        json: bool,
    },
    /// Past sessions, the current streak and stretching per area this week
    #[command(
        after_help = "Examples:\n  supple history\n  supple history --limit 30\n  supple history --since 2026-11-01\n  supple history --all --json"
    )]
    History(HistoryArgs),
    /// Print the safety guidance: how to stretch safely, when to stop, and the warning
    /// signs that mean seeing a professional
    #[command(after_help = "Example:\n  supple safety | less")]
    Safety,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  supple completions bash > ~/.local/share/bash-completion/completions/supple\n  supple completions zsh > ~/.zfunc/_supple"
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of stretch files or routine files, for YAML language servers
    #[command(
        after_help = "Examples:\n  supple schema stretches > stretches.schema.json\n  supple schema routine\n\nRoutines that supple writes name the schema in their first line; it is kept at\n~/.config/supple/schema/routine.schema.json."
    )]
    Schema {
        /// Which file's schema
        #[arg(value_enum)]
        kind: crate::schema::Kind,
    },
    /// Print the manual page (roff)
    #[command(after_help = "Example:\n  supple man > ~/.local/share/man/man1/supple.1")]
    Man,
}

/// Joints and areas, read with clap but checked by our own vocabularies.
fn vocab<T: Vocab>(s: &str) -> Result<T, String> {
    T::parse(s).ok_or_else(|| {
        let (message, hint) = T::unknown(s);
        crate::diag::printable(&match hint {
            Some(h) => format!("{message} ({h})"),
            None => message,
        })
    })
}

pub fn parse_area(s: &str) -> Result<Area, String> {
    vocab(s)
}

pub fn parse_joint(s: &str) -> Result<Joint, String> {
    vocab(s)
}

pub fn parse_level(s: &str) -> Result<Level, String> {
    vocab(s)
}

pub fn parse_condition(s: &str) -> Result<Condition, String> {
    vocab(s)
}

/// Equipment at hand: `none`, or an item (`wall`, `chair`, `towel`, `foam-roller`, ...).
pub fn parse_equipment(s: &str) -> Result<String, String> {
    let word = s.trim().to_ascii_lowercase();
    if word.is_empty() {
        return Err("empty; name an item like `wall`, or `none`".into());
    }
    Ok(word)
}

/// The user's health conditions, for every command that picks or runs stretches.
#[derive(Debug, Args, Clone, Default)]
pub struct CareArgs {
    /// A condition to respect (back-pain, disc, osteoporosis, pregnancy, hip-replacement,
    /// knee, wrist, shoulder, neck, high-blood-pressure, glaucoma); repeatable, added to
    /// `conditions:` in config.yaml. Stretches it rules out are left out, or swapped for a
    /// safer one in a routine
    #[arg(long = "condition", value_name = "CONDITION", value_parser = parse_condition)]
    pub condition: Vec<Condition>,
}

/// `--prepare`: a duration up to 30 minutes, 0, or `wait`.
fn parse_prepare_flag(s: &str) -> Result<crate::routine::Prepare, String> {
    crate::routine::parse_prepare(s).map_err(|(message, hint)| match hint {
        Some(hint) => format!("{message} ({hint})"),
        None => message,
    })
}

impl GapArgs {
    /// Whether `--prepare` says to wait: `None` when it is not given.
    pub fn prepare_wait(&self) -> Option<bool> {
        self.prepare.map(|p| p == crate::routine::Prepare::Wait)
    }
}

/// A duration flag: 1 s to 30 minutes.
pub fn parse_gap(s: &str) -> Result<u32, String> {
    match parse_duration(s)? {
        0 => Err("a duration of zero; expected at least 1s".into()),
        n if n > MAX_SECONDS => Err("longer than the 30 minute limit".into()),
        n => Ok(n),
    }
}

/// Times that override the routine file and config.yaml.
#[derive(Debug, Args, Clone, Default)]
pub struct GapArgs {
    /// Get-ready time before each stretch (e.g. 5s); 0 for no get-ready phase (the setup
    /// and cautions then show as the stretch starts); `wait` holds each get-ready phase
    /// until space (Enter with --plain), then counts its time down
    #[arg(long, value_name = "TIME|0|wait", value_parser = parse_prepare_flag)]
    pub prepare: Option<crate::routine::Prepare>,
    /// Time to switch sides (e.g. 5s)
    #[arg(long, value_name = "TIME", value_parser = parse_gap)]
    pub switch: Option<u32>,
    /// Rest between sets (e.g. 10s)
    #[arg(long, value_name = "TIME", value_parser = parse_gap)]
    pub rest: Option<u32>,
}

/// What the builder needs.
#[derive(Debug, Args, Clone, Default)]
pub struct BuildSpec {
    /// A body area to work; repeatable
    #[arg(long, value_name = "AREA", value_parser = parse_area)]
    pub area: Vec<Area>,
    /// The time budget in minutes
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=120))]
    pub minutes: Option<u32>,
    /// Leave out stretches that load this joint (lower-back: end-range or loaded bending,
    /// arching or twisting of the low back); repeatable
    #[arg(long, value_name = "JOINT", value_parser = parse_joint)]
    pub avoid: Vec<Joint>,
    /// The most intense level to include (gentle, moderate, deep); moderate when not
    /// given, so deep stretches come only when asked for
    #[arg(long, value_name = "LEVEL", value_parser = parse_level)]
    pub level: Option<Level>,
    /// A different mix of stretches for the same request
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Equipment at hand (wall, chair, towel, foam-roller, ...; `none` for nothing);
    /// repeatable; without it any equipment may be used
    #[arg(long, value_name = "ITEM", value_parser = parse_equipment)]
    pub equipment: Vec<String>,
}

impl BuildSpec {
    /// Whether any flag asks for a built routine.
    pub fn building(&self) -> bool {
        !self.area.is_empty()
            || self.minutes.is_some()
            || !self.avoid.is_empty()
            || self.level.is_some()
            || self.seed.is_some()
            || !self.equipment.is_empty()
    }

    /// What the flags ask the builder for, with the gaps it will run with.
    pub fn request(&self, gaps: Gaps) -> Result<Request, String> {
        if self.area.is_empty() {
            return Err(
                "name at least one body area with `--area` (`supple areas` lists them)".into(),
            );
        }
        let minutes = self
            .minutes
            .ok_or("give a time budget with `--minutes N`")?;
        Ok(Request {
            areas: self.area.clone(),
            seconds: minutes * 60,
            avoid: self.avoid.clone(),
            level: self.level,
            seed: self.seed,
            gaps: gaps.or(crate::timeline::DEFAULT_GAPS),
        })
    }

    /// The limits beyond the request: the equipment at hand and these conditions.
    pub fn limits(&self, conditions: &[Condition]) -> crate::builder::Limits {
        crate::builder::Limits {
            conditions: conditions.to_vec(),
            equipment: (!self.equipment.is_empty()).then(|| {
                self.equipment
                    .iter()
                    .filter(|e| *e != "none")
                    .cloned()
                    .collect()
            }),
            hurt: Vec::new(),
        }
    }
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)]
pub struct RunArgs {
    /// A routine name (see `supple routines`) or the path of a routine file
    pub routine: Option<String>,
    #[command(flatten)]
    pub build: BuildSpec,
    #[command(flatten)]
    pub care: CareArgs,
    #[command(flatten)]
    pub gaps: GapArgs,
    /// Print one line per phase and cue instead of the full screen (automatic when the
    /// output is not a terminal)
    #[arg(long)]
    pub plain: bool,
    /// No terminal bell
    #[arg(long)]
    pub no_bell: bool,
    /// No stick figure beside the countdown (`f` shows or hides it during a run)
    #[arg(long)]
    pub no_figure: bool,
    /// Speak the coaching: auto (the first of spd-say, espeak-ng, espeak, say, piper found
    /// on PATH), off, one of those by name, or your own command ({text} becomes the words)
    #[arg(long, value_name = "VOICE", value_parser = parse_voice)]
    pub voice: Option<crate::settings::VoiceChoice>,
    /// How much the voice says: brief (name, side, reps, switch, 3-2-1, done) or full (also
    /// the setup, a caution and the cues, where there is time)
    #[arg(long, value_name = "DETAIL", value_parser = parse_detail)]
    pub voice_detail: Option<crate::settings::Detail>,
    /// Also say "in" and "out" with each breath
    #[arg(long)]
    pub voice_breath: bool,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)]
pub struct FigureArgs {
    /// The stretch id, as `supple list` shows it
    pub id: String,
    /// Write an SVG picture instead of text
    #[arg(long)]
    pub svg: bool,
    /// The pose for the right side (mirrored)
    #[arg(long)]
    pub right: bool,
    /// Half blocks instead of braille, for fonts without braille
    #[arg(long, conflicts_with = "svg")]
    pub blocks: bool,
    /// Write to this file instead of standard output (never overwrites without --force)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the file given with -o if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn parse_voice(s: &str) -> Result<crate::settings::VoiceChoice, String> {
    crate::settings::VoiceChoice::from_word(s)
}

pub fn parse_detail(s: &str) -> Result<crate::settings::Detail, String> {
    vocab(s)
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// A routine name (see `supple routines`) or the path of a routine file
    pub routine: Option<String>,
    /// The routine `supple run` would build from these (and run), previewed instead
    #[command(flatten)]
    pub build: BuildSpec,
    #[command(flatten)]
    pub care: CareArgs,
    #[command(flatten)]
    pub gaps: GapArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// List the last N sessions (10 by default; --json lists them all unless this is given)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
    /// List every session
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Only the sessions started on this day or later (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<jiff::civil::Date>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// A day as `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let t = s.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    match t.parse::<jiff::civil::Date>() {
        Ok(d) if shaped => Ok(d),
        _ if shaped => Err(crate::diag::printable(&format!(
            "`{t}` is not a day of the calendar; expected YYYY-MM-DD with a real month and day, e.g. 2026-11-01"
        ))),
        _ => Err(crate::diag::printable(&format!(
            "`{t}` is not a date; expected YYYY-MM-DD, e.g. 2026-11-01"
        ))),
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only stretches that work this area; repeatable (any of them)
    #[arg(long, value_name = "AREA", value_parser = parse_area)]
    pub area: Vec<Area>,
    /// Leave out stretches that load this joint (lower-back: end-range or loaded bending,
    /// arching or twisting of the low back); repeatable
    #[arg(long, value_name = "JOINT", value_parser = parse_joint)]
    pub avoid: Vec<Joint>,
    #[command(flatten)]
    pub care: CareArgs,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub build: BuildSpec,
    #[command(flatten)]
    pub care: CareArgs,
    /// Write the routine to this file instead of standard output (never overwrites)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The routine's name (default: made from the areas)
    #[arg(long)]
    pub name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_examples_keep_a_gap_between_command_and_description() {
        let lines: Vec<&str> = EXAMPLES.lines().skip(1).collect();
        assert!(lines.len() >= 5);
        let column = lines[0].find("the ").unwrap();
        for l in &lines {
            assert!(l.len() <= 80, "{l}");
            let (command, description) = l.split_at(column);
            assert!(command.ends_with("  "), "{l:?}");
            assert!(!description.starts_with(' '), "{l:?}");
            // Each example parses as the program's own command line.
            let words = command
                .split_whitespace()
                .map(|w| if w.starts_with('~') { "/tmp" } else { w });
            Cli::try_parse_from(words).unwrap_or_else(|e| panic!("{l}: {e}"));
        }
    }

    #[test]
    fn library_is_accepted_before_and_after_the_command() {
        let a = Cli::try_parse_from(["supple", "--library", "x", "list"]).unwrap();
        let b =
            Cli::try_parse_from(["supple", "list", "--library", "x", "--library", "y"]).unwrap();
        assert_eq!(a.library, vec![PathBuf::from("x")]);
        assert_eq!(b.library.len(), 2);
    }

    #[test]
    fn figure_flags() {
        let run = Cli::try_parse_from(["supple", "run", "morning", "--no-figure"]).unwrap();
        assert!(matches!(run.command, Some(Command::Run(a)) if a.no_figure));
        let fig = Cli::try_parse_from([
            "supple", "figure", "cat-cow", "--svg", "-o", "x.svg", "--force",
        ]);
        assert!(matches!(fig.unwrap().command, Some(Command::Figure(a)) if a.svg && a.force));
        assert!(Cli::try_parse_from(["supple", "figure", "cat-cow", "--force"]).is_err());
        assert!(Cli::try_parse_from(["supple", "figure", "cat-cow", "--svg", "--blocks"]).is_err());
        assert!(Cli::try_parse_from(["supple", "show", "x", "--figure", "--no-figure"]).is_err());
    }

    #[test]
    fn voice_flags() {
        use crate::settings::{Detail, Speech, VoiceChoice};
        let Some(Command::Run(r)) = Cli::try_parse_from([
            "supple",
            "run",
            "morning",
            "--voice",
            "espeak-ng",
            "--voice-detail",
            "full",
            "--voice-breath",
        ])
        .unwrap()
        .command
        else {
            panic!("not a run");
        };
        assert_eq!(r.voice, Some(VoiceChoice::Program(Speech::EspeakNg)));
        assert_eq!(r.voice_detail, Some(Detail::Full));
        assert!(r.voice_breath);
        let e = Cli::try_parse_from(["supple", "run", "--voice-detail", "breif"]).unwrap_err();
        assert!(e.to_string().contains("did you mean `brief`?"), "{e}");
        let Some(Command::Run(r)) =
            Cli::try_parse_from(["supple", "run", "x", "--voice", "my-tts -v en"])
                .unwrap()
                .command
        else {
            panic!("not a run");
        };
        assert_eq!(
            r.voice,
            Some(VoiceChoice::Command(vec![
                "my-tts".into(),
                "-v".into(),
                "en".into()
            ]))
        );
    }

    #[test]
    fn unknown_areas_get_a_suggestion() {
        let e = Cli::try_parse_from(["supple", "list", "--area", "hip"]).unwrap_err();
        assert!(e.to_string().contains("did you mean `hips`?"), "{e}");
        let e = Cli::try_parse_from(["supple", "run", "--switch", "0s"]).unwrap_err();
        assert!(e.to_string().contains("zero"), "{e}");
        let e = Cli::try_parse_from(["supple", "run", "--prepare", "wiat"]).unwrap_err();
        assert!(e.to_string().contains("did you mean `wait`?"), "{e}");
        for (arg, prepare) in [
            ("0", crate::routine::Prepare::Seconds(0)),
            ("0s", crate::routine::Prepare::Seconds(0)),
            ("wait", crate::routine::Prepare::Wait),
            ("1m", crate::routine::Prepare::Seconds(60)),
        ] {
            let cli = Cli::try_parse_from(["supple", "run", "morning", "--prepare", arg]).unwrap();
            let Some(Command::Run(r)) = cli.command else {
                panic!("not a run");
            };
            assert_eq!(r.gaps.prepare, Some(prepare), "{arg}");
        }
    }
}
