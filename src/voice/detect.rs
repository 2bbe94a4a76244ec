//! Finding a speech program on `PATH`, and the command line that makes it speak.
//!
//! Speech programs are called as programs, never linked: `cargo install` needs no system
//! library, and a missing program costs a line of advice, not a failed build.

use crate::settings::{Coaching, Speech, VoiceChoice};
use crate::yaml::Vocab as _;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The order `auto` tries: speech-dispatcher first (it follows the desktop's choice of
/// voice), then espeak-ng and its older self, macOS `say`, and piper (with a model).
pub const AUTO_ORDER: [Speech; 5] = [
    Speech::SpdSay,
    Speech::EspeakNg,
    Speech::Espeak,
    Speech::Say,
    Speech::Piper,
];

/// espeak-ng's default rate, and what the others are taken to speak at unless told.
pub const DEFAULT_WPM: u32 = 175;

/// How to install a speech program, for the line that says none was found.
pub const INSTALL_HINT: &str = "install one with `sudo apt install espeak-ng` (or `sudo apt install speech-dispatcher`; macOS has `say`), or name your own with `--voice COMMAND`";

/// A speech program ready to be called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// What the program is called, for the line that says which voice speaks.
    pub name: String,
    /// The program and its arguments; `{text}` becomes the words.
    pub argv: Vec<String>,
    /// Words per minute, to judge what can be said before the next moment.
    pub wpm: u32,
}

/// The outcome of choosing a voice: the speaker, if any, and a line to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choice {
    pub speaker: Option<Speaker>,
    pub line: Option<String>,
}

/// Where `program` is on `path` (a `PATH` value): the first executable file of that name.
/// A name with a `/` is taken as a path of its own.
pub fn find(program: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    if program.contains('/') {
        let p = Path::new(program);
        return executable(p).then(|| p.to_path_buf());
    }
    std::env::split_paths(path?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(program))
        .find(|candidate| executable(candidate))
}

fn executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Chooses the voice `coaching` asks for, looking programs up on `path`.
pub fn choose(coaching: &Coaching, path: Option<&OsStr>) -> Choice {
    let wpm = coaching.rate.unwrap_or(DEFAULT_WPM);
    match &coaching.voice {
        VoiceChoice::Off => Choice::default(),
        VoiceChoice::Auto => {
            let mut piper_waits = false;
            for program in AUTO_ORDER {
                let Some(found) = find(program.name(), path) else {
                    continue;
                };
                match speaker(program, &found, coaching, path) {
                    Ok(speaker) => {
                        let line = format!("voice: {} ({})", speaker.name, found.display());
                        return Choice {
                            speaker: Some(speaker),
                            line: Some(line),
                        };
                    }
                    Err(_) => piper_waits = true,
                }
            }
            let piper = if piper_waits {
                " (piper is installed but needs `voice_model:` in config.yaml, the path of a voice's .onnx file)"
            } else {
                ""
            };
            Choice {
                speaker: None,
                line: Some(format!(
                    "voice: no speech program found on PATH (looked for spd-say, espeak-ng, espeak, say, piper){piper}; {INSTALL_HINT}"
                )),
            }
        }
        VoiceChoice::Program(program) => {
            let Some(found) = find(program.name(), path) else {
                return Choice {
                    speaker: None,
                    line: Some(format!(
                        "voice: `{}` is not installed (not found on PATH); {}; the run goes on without a voice",
                        program.name(),
                        install_one(*program)
                    )),
                };
            };
            match speaker(*program, &found, coaching, path) {
                Ok(speaker) => Choice {
                    line: Some(format!("voice: {} ({})", speaker.name, found.display())),
                    speaker: Some(speaker),
                },
                Err(why) => Choice {
                    speaker: None,
                    line: Some(format!("voice: {why}; the run goes on without a voice")),
                },
            }
        }
        VoiceChoice::Command(words) => {
            let Some(program) = words.first() else {
                return Choice::default();
            };
            let Some(found) = find(program, path) else {
                return Choice {
                    speaker: None,
                    line: Some(format!(
                        "voice: cannot find `{program}` (not on PATH); the run goes on without a voice"
                    )),
                };
            };
            let mut argv = words.clone();
            if !argv.iter().any(|a| a.contains("{text}")) {
                argv.push("{text}".into());
            }
            Choice {
                line: Some(format!("voice: {program} ({})", found.display())),
                speaker: Some(Speaker {
                    name: program.clone(),
                    argv,
                    wpm,
                }),
            }
        }
    }
}

/// How to get `program`.
fn install_one(program: Speech) -> String {
    match program {
        Speech::SpdSay => "install it with `sudo apt install speech-dispatcher`".into(),
        Speech::EspeakNg => "install it with `sudo apt install espeak-ng`".into(),
        Speech::Espeak => "install it with `sudo apt install espeak` (or use espeak-ng)".into(),
        Speech::Say => "`say` comes with macOS".into(),
        Speech::Piper => {
            "install it from https://github.com/rhasspy/piper (and name a voice with `voice_model:`)"
                .into()
        }
    }
}

/// The command line for a known program found at `found`.
fn speaker(
    program: Speech,
    found: &Path,
    coaching: &Coaching,
    path: Option<&OsStr>,
) -> Result<Speaker, String> {
    let wpm = coaching.rate.unwrap_or(DEFAULT_WPM);
    let exe = found.display().to_string();
    let rate = coaching.rate;
    let s = |v: &[&str]| v.iter().map(|a| (*a).to_string()).collect::<Vec<_>>();
    let argv = match program {
        Speech::EspeakNg | Speech::Espeak => {
            let mut argv = vec![exe];
            if let Some(r) = rate {
                argv.extend(["-s".into(), r.to_string()]);
            }
            argv.push("{text}".into());
            argv
        }
        Speech::Say => {
            let mut argv = vec![exe];
            if let Some(r) = rate {
                argv.extend(["-r".into(), r.to_string()]);
            }
            argv.push("{text}".into());
            argv
        }
        Speech::SpdSay => {
            // `--wait`: the program lasts as long as the speech, so supple knows when it
            // has finished. Ending it early leaves the daemon talking; priority `text` makes
            // the next line cut the last one short there too. (`--cancel` would silence
            // every client, a screen reader's speech with ours.)
            let mut argv = vec![exe, "--wait".into(), "-P".into(), "text".into()];
            if let Some(r) = rate {
                // speech-dispatcher's rate runs from -100 to 100, 0 being its default.
                let relative = (i64::from(r) * 100 / i64::from(DEFAULT_WPM) - 100).clamp(-100, 100);
                argv.extend(["-r".into(), relative.to_string()]);
            }
            argv.push("{text}".into());
            argv
        }
        Speech::Piper => {
            let Some(model) = coaching.model.as_deref().map(home_relative) else {
                return Err("piper needs a voice model: set `voice_model:` in config.yaml to the path of a voice's .onnx file (voices: https://huggingface.co/rhasspy/piper-voices)".into());
            };
            // piper writes raw audio; a player turns it into sound (medium voices: 22050 Hz).
            let player = if let Some(aplay) = find("aplay", path) {
                format!("{} -q -r 22050 -f S16_LE -t raw -", aplay.display())
            } else if let Some(paplay) = find("paplay", path) {
                format!(
                    "{} --raw --rate=22050 --format=s16le --channels=1",
                    paplay.display()
                )
            } else {
                return Err("piper needs `aplay` (alsa-utils) or `paplay` (pulseaudio-utils) to play what it says".into());
            };
            let scale = rate.map_or(String::new(), |r| {
                format!(
                    " --length_scale {:.2}",
                    f64::from(DEFAULT_WPM) / f64::from(r)
                )
            });
            let script = format!(
                "printf '%s\\n' \"$1\" | \"$0\" --model \"$2\" --output-raw{scale} 2>/dev/null | {player}"
            );
            let sh = find("sh", path).map_or_else(|| "/bin/sh".into(), |p| p.display().to_string());
            let mut argv = s(&[&sh, "-c", &script]);
            argv.extend([exe, "{text}".into(), model]);
            argv
        }
    };
    Ok(Speaker {
        name: program.name().into(),
        argv,
        wpm,
    })
}

/// `~/x` as a path under the home folder (a shell would have done it; supple calls none).
fn home_relative(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if !home.is_empty() => {
            Path::new(&home).join(rest).display().to_string()
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A folder with fake programs in it.
    struct Bin(PathBuf);

    impl Bin {
        fn new(tag: &str, programs: &[&str]) -> Bin {
            use std::os::unix::fs::PermissionsExt as _;
            let dir =
                std::env::temp_dir().join(format!("supple-detect-{}-{tag}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            for p in programs {
                let f = dir.join(p);
                fs::write(&f, "#!/bin/sh\n").unwrap();
                fs::set_permissions(&f, fs::Permissions::from_mode(0o755)).unwrap();
            }
            Bin(dir)
        }
        fn path(&self) -> std::ffi::OsString {
            self.0.clone().into_os_string()
        }
    }

    impl Drop for Bin {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn auto() -> Coaching {
        Coaching {
            voice: VoiceChoice::Auto,
            ..Coaching::default()
        }
    }

    #[test]
    fn auto_takes_the_first_in_order() {
        let bin = Bin::new("order", &["say", "espeak", "espeak-ng"]);
        let c = choose(&auto(), Some(&bin.path()));
        let speaker = c.speaker.unwrap();
        assert_eq!(speaker.name, "espeak-ng");
        assert_eq!(speaker.argv.last().map(String::as_str), Some("{text}"));
        assert!(c.line.unwrap().starts_with("voice: espeak-ng ("));
        let bin = Bin::new("spd", &["espeak-ng", "spd-say"]);
        let speaker = choose(&auto(), Some(&bin.path())).speaker.unwrap();
        assert_eq!(speaker.name, "spd-say");
        assert_eq!(speaker.argv[1..], ["--wait", "-P", "text", "{text}"]);
    }

    #[test]
    fn none_found_says_how_to_install_one() {
        let bin = Bin::new("none", &["ls"]);
        let c = choose(&auto(), Some(&bin.path()));
        assert!(c.speaker.is_none());
        let line = c.line.unwrap();
        assert!(line.contains("no speech program found"), "{line}");
        assert!(line.contains("apt install espeak-ng"), "{line}");
        assert!(!line.contains('\n'));
    }

    #[test]
    fn piper_needs_a_model_and_a_player() {
        let bin = Bin::new("piper", &["piper"]);
        let line = choose(&auto(), Some(&bin.path())).line.unwrap();
        assert!(line.contains("needs `voice_model:`"), "{line}");
        let with_model = Coaching {
            model: Some("/v/en.onnx".into()),
            ..auto()
        };
        let line = choose(&with_model, Some(&bin.path())).line.unwrap();
        assert!(line.contains("no speech program"), "{line}");
        let bin = Bin::new("piper-aplay", &["piper", "aplay"]);
        let speaker = choose(&with_model, Some(&bin.path())).speaker.unwrap();
        assert_eq!(speaker.name, "piper");
        assert!(speaker.argv.contains(&"/v/en.onnx".to_string()));
        assert!(speaker.argv[2].contains("aplay"), "{:?}", speaker.argv);
    }

    #[test]
    fn the_rate_is_passed_on() {
        let bin = Bin::new("rate", &["espeak-ng"]);
        let c = Coaching {
            rate: Some(220),
            ..auto()
        };
        let speaker = choose(&c, Some(&bin.path())).speaker.unwrap();
        assert_eq!(speaker.wpm, 220);
        assert_eq!(speaker.argv[1..], ["-s", "220", "{text}"]);
    }

    #[test]
    fn a_named_program_or_command_that_is_missing_is_said() {
        let bin = Bin::new("named", &["my-tts"]);
        let c = Coaching {
            voice: VoiceChoice::Program(Speech::EspeakNg),
            ..Coaching::default()
        };
        let line = choose(&c, Some(&bin.path())).line.unwrap();
        assert!(line.contains("`espeak-ng` is not installed"), "{line}");
        let c = Coaching {
            voice: VoiceChoice::Command(vec!["my-tts".into(), "--slow".into()]),
            ..Coaching::default()
        };
        let speaker = choose(&c, Some(&bin.path())).speaker.unwrap();
        assert_eq!(speaker.argv, ["my-tts", "--slow", "{text}"]);
        let c = Coaching {
            voice: VoiceChoice::Command(vec!["nope".into()]),
            ..Coaching::default()
        };
        assert!(choose(&c, Some(&bin.path())).speaker.is_none());
        assert_eq!(
            choose(&Coaching::default(), Some(&bin.path())),
            Choice::default()
        );
    }
}
