//! Prints the generated questionnaire of the `engine` bench:
//! `gen-questionnaire ITEMS > FILE`.

#[path = "../../../common/generate.rs"]
mod generate;

fn main() {
    let items = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            eprintln!("usage: gen-questionnaire ITEMS");
            std::process::exit(2)
        });
    print!("{}", generate::questionnaire(items));
}
