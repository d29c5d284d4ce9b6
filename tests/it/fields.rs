//! Number and text fields say what they take before anything is typed.

use crossterm::event::KeyCode;

use crate::drive::*;
use crate::small::shown;

#[test]
fn a_number_field_says_whole_or_decimal_its_range_and_if_it_is_needed() {
    let mut app = started();
    assert_eq!(current_id(&app), "age");
    let screen = shown(&mut app, 80, 24);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("A whole number, from 2 to 120; needs an answer."),
        "{screen}"
    );

    let mut app = at_question("iron_test_known");
    answer(&mut app, "iron_test_known", "yes");
    answer(&mut app, "iron_test_when", "over_6_months");
    answer(&mut app, "iron_test_fever", "no");
    assert_eq!(current_id(&app), "ferritin");
    let screen = shown(&mut app, 80, 24);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("A number (decimals allowed), from"),
        "{screen}"
    );
    assert!(flat.contains("ng/mL"), "{screen}");
    // The range follows the unit chosen.
    press(&mut app, KeyCode::Tab);
    let other = shown(&mut app, 80, 24);
    let flat_other = other.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat_other.contains("A number (decimals allowed), from"),
        "{other}"
    );
    assert_ne!(flat, flat_other);
}
