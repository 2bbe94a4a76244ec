fn main() {
    let lib = match supple::library::Library::builtin() {
        Ok(lib) => lib,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    };
    println!("{} stretches", lib.len());
    let sources = supple::routine::builtin_sources();
    match supple::routine::Routines::from_sources(&sources, &lib) {
        Ok(r) => {
            for r in &r.list {
                let t = supple::timeline::Timeline::build(r, supple::routine::Gaps::default(), supple::routine::Gaps::default());
                println!("{} {}", r.name, supple::library::clock(t.total));
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
