fn main() {
    match supple::library::Library::builtin() {
        Ok(lib) => println!("{} stretches", lib.len()),
        Err(e) => eprintln!("{e}"),
    }
}
