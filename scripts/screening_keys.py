#!/usr/bin/env python3
"""Prints the keys of a whole screening with the built-in questionnaire, as
hex chunks for `ptybench.py tui --prelude`: Enter on the welcome screen,
then each answer of the positive path of tests/it/tui.rs the way a person
types it (Home, Down to the option, Enter; Space to tick; digits and Enter
for numbers), then `r` for the result. Standard library only.

Usage: screening_keys.py questionnaires/rls-screening.toml
"""

import sys
import tomllib

# The positive path of tests/it/tui.rs: every question it meets, in order.
POSITIVE = [
    ("age", "45"),
    ("sex", "female"),
    ("c1_urge", "yes"),
    ("c1_where", "legs"),
    ("c2_rest", "yes"),
    ("c3_movement", "yes"),
    ("c4_evening", "yes"),
    ("feet_legs", "none"),
    ("mimics", "none"),
    ("frequency", "often"),
    ("duration", "over_5_years"),
    ("onset_age", ""),
    ("impact_sleep", "moderate"),
    ("impact_energy", "mild"),
    ("impact_mood", "mild"),
    ("impact_focus", "none"),
    ("impact_activities", "mild"),
    ("impact_distress", "moderate"),
    ("family_history", "yes"),
    ("provoking_meds", "ssri"),
    ("rls_medicines", "none"),
    ("acid_medicines", "ppi"),
    ("ppi_duration", "two_years_or_more"),
    ("other_medicines", "none"),
    ("supplements", "none"),
    ("diet", "omnivore"),
    ("red_meat", "weekly"),
    ("tea_coffee_with_meals", "yes"),
    ("calcium_with_meals", "no"),
    ("vitamin_c_with_meals", "yes"),
    ("caffeine", "one_or_two"),
    ("alcohol", "up_to_7"),
    ("daylight", "most_days"),
    ("pregnant", "no"),
    ("heavy_periods", "no"),
    ("blood_donation", "none"),
    ("kidney", "no"),
    ("conditions", "none"),
    ("stomach_surgery", "no"),
    ("recent_blood_loss", "no"),
    ("recent_fever", "no"),
    ("iron_test_known", "no"),
    ("other_results_known", "none"),
]

HOME, DOWN, ENTER, SPACE = b"\x1b[H", b"\x1b[B", b"\r", b" "


def main():
    with open(sys.argv[1], "rb") as f:
        q = tomllib.load(f)
    items = {item["id"]: item for section in q["section"] for item in section["item"]}
    chunks = [ENTER]
    for item_id, spec in POSITIVE:
        item = items[item_id]
        kind = item["type"]
        if kind in ("yes_no", "single", "multiple"):
            values = ["yes", "no"] if kind == "yes_no" else [o["value"] for o in item["options"]]
            if kind == "multiple":
                keys = b"".join(HOME + DOWN * values.index(v) + SPACE for v in spec.split(","))
                chunks.append(keys + ENTER)
            else:
                chunks.append(HOME + DOWN * values.index(spec) + ENTER)
        else:
            chunks.append(spec.encode() + ENTER)
    chunks.append(b"r")
    print(" ".join(c.hex() for c in chunks))


if __name__ == "__main__":
    main()
