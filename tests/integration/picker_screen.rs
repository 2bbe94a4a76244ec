//! The picker in a real pseudo-terminal: a routine opened from the home screen, changed
//! and saved under a new name (never a built-in's, never over a file without asking), and
//! the budget and search keys.

use super::*;

fn routines_folder(run: &Run) -> std::path::PathBuf {
    run.root.join("config/supple/routines")
}

#[test]
fn e_opens_a_routine_to_change_and_save_under_a_new_name_asking_before_replacing() {
    let mut run = Run::spawn("picker-open", None, &[]);
    run.expect("Routines");
    // The first routine is the built-in morning: e opens it in the picker.
    run.keys("e");
    run.expect("6:00");
    run.keys("s");
    run.expect("save as");
    run.expect("my-morning");
    run.keys("\r");
    run.expect("routines/my-morning");
    let file = routines_folder(&run).join("my-morning.yaml");
    let first = fs::read_to_string(&file).expect("saved");
    assert!(first.contains("name: \"my-morning\""), "{first}");
    assert!(first.contains("cat-cow"), "{first}");
    // A change, saved under the same name: asked first; n goes back to the name.
    run.keys("+");
    run.keys("s");
    run.expect("save as");
    run.keys("\r");
    run.expect("replace?");
    run.keys("n");
    run.expect("save as");
    run.keys("\r");
    run.expect("replace?");
    run.keys("y");
    run.expect("replaced");
    let second = fs::read_to_string(&file).expect("replaced");
    assert_ne!(first, second, "the change is in the file");
    assert!(second.contains("name: \"my-morning\""), "{second}");
    // A built-in's name is refused outright.
    run.keys("s");
    run.expect("save as");
    run.keys(&"\x7f".repeat(20));
    run.keys("morning\r");
    run.expect("built-in");
    assert!(!routines_folder(&run).join("morning.yaml").exists());
    // Saved as it is: q goes back home without asking, and the new routine is listed.
    run.keys("q");
    run.expect("(yours)");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
    let names: Vec<String> = fs::read_dir(routines_folder(&run))
        .expect("the routines folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["my-morning.yaml"], "no temporary file left");
}

#[test]
fn m_sets_the_budget_and_slash_finds_a_stretch_in_a_terminal() {
    let mut run = Run::spawn("picker-keys", None, &["build"]);
    run.expect("Areas");
    run.keys("m");
    run.expect("x fills to");
    run.keys("5\r");
    run.expect("now fills");
    run.keys("/pigeon");
    run.expect("Pigeon");
    // Its details, cautions and all, are below the lists.
    run.expect("Skip it");
    run.keys("\x1b");
    // x fills the routine (so leaving asks first).
    run.keys("x");
    run.leave_unsaved();
}

#[test]
fn esc_and_a_letter_sent_together_close_the_search_and_the_letter_works_the_picker() {
    let mut run = Run::spawn("picker-esc-letter", None, &["build"]);
    run.expect("Areas");
    run.keys("/pigeon");
    run.expect("Skip it");
    // Esc and x in one write, as a quick hand or a slow link delivers them: the search
    // closes, and x fills the routine rather than being typed into the search.
    run.keys("\x1bx");
    // A routine to lose: q asks first.
    run.leave_unsaved();
}

/// The routine of the history's last line in `run`'s HOME.
fn last_run_routine(run: &Run) -> String {
    let history = fs::read_to_string(run.root.join("data/supple/history.jsonl")).expect("history");
    let record: Value = serde_json::from_str(history.lines().last().expect("a record")).unwrap();
    record["routine"]
        .as_str()
        .expect("a routine name")
        .to_string()
}

/// From the picker: runs its routine, stretches a second or so, quits, and waits for the
/// picker again.
fn run_a_little_from_the_picker(run: &mut Run) {
    run.keys("r");
    run.expect("PREPARE");
    // Into the first stretch, so that the stopped run is kept in the history.
    run.keys("n");
    std::thread::sleep(Duration::from_millis(1500));
    run.keys("q");
    run.expect("quit?");
    run.keys("y");
    run.expect("Areas");
}

#[test]
fn a_routine_opened_and_run_unchanged_is_recorded_under_its_own_name() {
    let mut run = Run::spawn("picker-run-name", None, &[]);
    run.expect("Routines");
    run.keys("e");
    run.expect("6:00");
    // Nothing changed: it is still the built-in morning.
    run_a_little_from_the_picker(&mut run);
    assert_eq!(last_run_routine(&run), "morning");
    // Changed, it is a new routine, under the name the picker offers for it.
    run.keys("+");
    run_a_little_from_the_picker(&mut run);
    assert_eq!(last_run_routine(&run), "my-morning");
    // Saved under a name of the user's choosing, it runs under that name.
    run.keys("s");
    run.expect("save as");
    run.keys(&"\x7f".repeat(20));
    run.keys("long-morning\r");
    run_a_little_from_the_picker(&mut run);
    assert!(routines_folder(&run).join("long-morning.yaml").exists());
    assert_eq!(last_run_routine(&run), "long-morning");
    run.keys("q");
    run.expect("Routines");
    run.keys("q");
    let (rest, code) = run.finish();
    assert_eq!(code, 0);
    assert_given_back(&rest);
}
