//! `supple build`: a routine from areas and minutes, as YAML.

use crate::cli::BuildArgs;
use crate::routine::Gaps;
use std::io::{self, IsTerminal, Write};

use super::run::app;
use super::{Env, Failure, Notes, check_build_flags, stretches};
use crate::load::write_new;

/// `supple build`: a routine from areas and minutes, as YAML on stdout or in a new file.
pub(super) fn build(
    env: &Env,
    args: &BuildArgs,
    notes: &mut Notes,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let lib = stretches(env, notes)?.library;
    let settings = env.settings()?;
    if args.build.area.is_empty() {
        if io::stdout().is_terminal() && io::stdin().is_terminal() && args.output.is_none() {
            let start = crate::tui::app::Start::Picker {
                budget: args.build.minutes.map(|m| m * 60),
                avoid: args.build.avoid.clone(),
            };
            let code = app(env, start, Gaps::default(), false, notes)?;
            return if code == 0 {
                Ok(())
            } else {
                Err(Failure::Exit(code))
            };
        }
        return Err(Failure::Usage(
            "name the body areas with `--area AREA` (repeatable) and the time with `--minutes N`; `supple areas` lists the areas (on a terminal, `supple build` alone opens the picker)".into(),
        ));
    }
    check_build_flags(&args.build)?;
    notes.flush(None);
    let conditions = settings.conditions_with(&args.care.condition);
    let built = crate::builder::build_with(
        &lib,
        &args
            .build
            .request(settings.gaps)
            .map_err(Failure::Message)?,
        &crate::builder::Limits {
            hurt: super::hurt_lately(env),
            ..args.build.limits(&conditions)
        },
    )
    .map_err(Failure::Message)?;
    for note in &built.notes {
        crate::diag::say(note);
    }
    let mut routine = built.routine;
    let name = match (&args.name, &args.output) {
        (Some(name), _) => Some(name.clone()),
        // Written to a file: the routine takes the file's name, as `supple run` will call it.
        (None, Some(path)) => Some(crate::routine::stem(&path.to_string_lossy()).to_string()),
        (None, None) => None,
    };
    if let Some(name) = name {
        match crate::yaml::check_text(&name) {
            Ok(name) if !name.is_empty() => routine.name = name,
            Ok(_) => {
                return Err(Failure::Usage(
                    "`--name` is empty; give the routine a name".into(),
                ));
            }
            Err(why) => return Err(Failure::Usage(format!("`--name`: {why}"))),
        }
    }
    let yaml =
        crate::builder::to_yaml_with(&routine, crate::load::routine_schema(&env.paths).as_deref());
    match &args.output {
        None => out.write_all(yaml.as_bytes())?,
        Some(path) => {
            write_new(path, &yaml).map_err(Failure::Message)?;
            crate::diag::say(&format!(
                "wrote {} ({}); run it with `supple run {}`",
                path.display(),
                crate::text::plural(routine.steps.len(), "stretch", "stretches"),
                path.display()
            ));
        }
    }
    Ok(())
}
