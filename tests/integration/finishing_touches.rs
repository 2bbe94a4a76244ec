use super::*;

#[test]
fn completions_man_page_and_version() {
    let home = Home::new();
    let bash = home.ok(&["completions", "bash"]);
    assert!(bash.contains("_supple()"), "{bash}");
    assert!(bash.contains("routines"), "subcommands are completed");
    let zsh = home.ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef supple"), "{zsh}");
    let man = home.ok(&["man"]);
    assert!(man.contains(".TH supple 1"), "{man}");
    assert!(man.contains("stretch"), "{man}");
    let version = home.ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("supple {}", env!("CARGO_PKG_VERSION"))
    );
    home.fails(&["completions", "tcsh"], 2);
}

#[test]
fn every_command_has_help_with_examples() {
    let home = Home::new();
    for command in ["run", "plan", "list", "show", "routines", "build", "check"] {
        let help = home.ok(&[command, "--help"]);
        assert!(
            help.contains("Example"),
            "`supple {command} --help` has no example:\n{help}"
        );
    }
    let top = home.ok(&["--help"]);
    assert_contains(&top, &["Examples:", "supple run morning", "--library"]);
}

#[test]
fn no_command_off_a_terminal_explains_itself() {
    let home = Home::new();
    let err = home.fails(&[], 2);
    assert_contains(&err, &["name a command", "supple run morning"]);
}
