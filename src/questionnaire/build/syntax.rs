//! TOML syntax errors in plain words. The parser's messages name its
//! grammar ("invalid basic string"); a clinician adapting a questionnaire
//! needs to hear what is missing and how to write it.

/// The plain message and advice for a parser message, if it is one of the
/// usual slips; `None` keeps the parser's own words.
pub(super) fn plain_words(message: &str) -> Option<(&'static str, &'static str)> {
    Some(match message {
        "invalid basic string, expected `\"`" => (
            "this text has no closing quote `\"`",
            "end the text with \" on the same line; text over several lines goes between \"\"\" and \"\"\"",
        ),
        "invalid literal string, expected `'`" => (
            "this text has no closing quote `'`",
            "end the text with ' on the same line",
        ),
        "invalid multi-line basic string, expected `\"`" => (
            "this text has no closing `\"\"\"`",
            "end the text with \"\"\"",
        ),
        "invalid multi-line literal string, expected `'`" => {
            ("this text has no closing `'''`", "end the text with '''")
        }
        "key with no value, expected `=`" => (
            "a key without `=`: every setting is written `key = value`",
            "put `=` between the key and its value, e.g. title = \"Leg feelings\"",
        ),
        "unquoted keys cannot be empty, expected letters, numbers, `-`, `_`" => (
            "there is no key before `=`",
            "write the key first: key = value",
        ),
        "string values must be quoted, expected literal string" => (
            "this value is not valid: text must be in quotes",
            "write text in double quotes, e.g. text = \"How often?\"; numbers, true and false go without quotes",
        ),
        "duplicate key" => (
            "this key is already set in this table",
            "keep one of the two; for another entry of a list of tables, start it with [[name]]",
        ),
        "unclosed table, expected `]`" => (
            "the table header has no closing `]`",
            "write the header on one line, e.g. [questionnaire] or [[section]]",
        ),
        "unclosed array, expected `]`" => (
            "the list has no closing `]`",
            "end the list with ] after its last value",
        ),
        "unclosed inline table, expected `}`" => (
            "the inline table has no closing `}`",
            "an inline table { key = value, ... } must end on the line it starts",
        ),
        "unexpected key or value, expected newline, `#`" => (
            "something follows the value on the same line",
            "put each key = value on a line of its own",
        ),
        "invalid boolean, expected `true`" | "invalid boolean, expected `false`" => (
            "this is not `true` or `false`",
            "write true or false, in lower case, without quotes",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    /// Each usual slip, as the parser reports it: every message above must
    /// still be one the parser gives, or the plain words are never used.
    #[test]
    fn every_usual_slip_gets_plain_words() {
        for (toml, plain) in [
            ("a = \"x\n", "this text has no closing quote `\"`"),
            ("a = 'x\n", "this text has no closing quote `'`"),
            ("a = \"\"\"x\n", "this text has no closing `\"\"\"`"),
            ("a = '''x\n", "this text has no closing `'''`"),
            ("a \"x\"\n", "a key without `=`"),
            ("= 3\n", "there is no key before `=`"),
            ("a = How often?\n", "text must be in quotes"),
            ("a = 1\na = 2\n", "this key is already set in this table"),
            ("[a\n", "the table header has no closing `]`"),
            ("a = [1, 2\n", "the list has no closing `]`"),
            ("a = { b = 1\n", "the inline table has no closing `}`"),
            (
                "a = \"x\" b = 2\n",
                "something follows the value on the same line",
            ),
            ("a = tru\n", "this is not `true` or `false`"),
            ("a = fals\n", "this is not `true` or `false`"),
        ] {
            let error = toml::from_str::<toml::Table>(toml).unwrap_err();
            let diagnostic = super::super::toml_error(&error);
            assert!(
                diagnostic.message.contains(plain),
                "{toml:?}: {:?} for {:?}",
                diagnostic.message,
                error.message()
            );
        }
    }
}
