#!/usr/bin/env python3
"""Flesch-Kincaid grade of every patient-facing text of a questionnaire:
questions, their help, option labels, section titles and introductions, the
description and disclaimer, and every `patient`, `suppressed_patient` and
`no_recommendation_patient` text. Lists those above the grade limit, then
prints the mean grade and the ten hardest texts. Standard library only.

The grade is 0.39 x (words per sentence) + 11.8 x (syllables per word)
- 15.59, with syllables counted by vowel groups (an estimate, as in most
readability tools). The formula means nothing for a text of a word or two
("Moderately" scores 44, "Yes" below zero), so texts under five words are
counted but not graded, unless --all is given.

Usage: readability.py [--limit 8] [--all] questionnaires/rls-screening.toml
Exit status: 0 when no graded text is above the limit, 1 otherwise.
"""

import re
import sys
import tomllib

VOWELS = "aeiouy"


def syllables(word):
    word = word.lower().strip("'")
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    # A silent final e ("take"), but not "-le" after a consonant ("little").
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        word = word[:-1]
    elif word.endswith(("es", "ed")) and not word.endswith(("ted", "ded", "ses", "zes", "ces", "ges")):
        word = word[:-2]
    groups = re.findall(f"[{VOWELS}]+", word)
    return max(1, len(groups))


def grade(text):
    sentences = [s for s in re.split(r"[.!?:;]+(?:\s|$)", text) if re.search(r"[A-Za-z0-9]", s)]
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text)
    if not words:
        return None, 0
    n_sentences = max(1, len(sentences))
    n_syllables = sum(syllables(w) for part in words for w in re.split(r"[-’']", part) if w)
    value = 0.39 * len(words) / n_sentences + 11.8 * n_syllables / len(words) - 15.59
    return value, len(words)


def texts(q):
    meta = q["questionnaire"]
    for key in ("description", "disclaimer", "dont_know_label", "no_recommendation_patient"):
        if key in meta:
            yield f"questionnaire.{key}", meta[key]
    for section in q.get("section", []):
        yield f"section {section['id']}: title", section["title"]
        if "intro" in section:
            yield f"section {section['id']}: intro", section["intro"]
        for item in section.get("item", []):
            yield f"{item['id']}: question", item["text"]
            if "help" in item:
                yield f"{item['id']}: help", item["help"]
            for option in item.get("options", []):
                yield f"{item['id']}.{option['value']}: option", option["label"]
    for finding in q.get("finding", []):
        if "patient" in finding:
            yield f"finding {finding['id']}", finding["patient"]
    for classifier in q.get("classifier", []):
        for case in classifier.get("case", []):
            if "patient" in case:
                yield f"case {classifier['id']}.{case['id']}", case["patient"]
    for rec in q.get("recommendation", []):
        if "suppressed_patient" in rec:
            yield f"test {rec['id']}: already known", rec["suppressed_patient"]
        for n, trigger in enumerate(rec.get("trigger", []), 1):
            if "patient" in trigger:
                yield f"test {rec['id']}: reason {n}", trigger["patient"]
        for n, note in enumerate(rec.get("note", []), 1):
            if "patient" in note:
                yield f"test {rec['id']}: note {n}", note["patient"]


def main():
    args = sys.argv[1:]
    limit = 8.0
    shortest = 5
    if "--all" in args:
        args.remove("--all")
        shortest = 1
    if len(args) >= 2 and args[0] == "--limit":
        limit = float(args[1])
        args = args[2:]
    if len(args) != 1:
        sys.exit(__doc__.strip().splitlines()[-2])
    with open(args[0], "rb") as f:
        q = tomllib.load(f)
    scored = []
    short = 0
    for where, text in texts(q):
        text = " ".join(text.split())
        value, words = grade(text)
        if value is None:
            continue
        if words < shortest:
            short += 1
        else:
            scored.append((value, words, where, text))
    above = sorted((s for s in scored if s[0] > limit), reverse=True)
    print(f"Graded: {len(scored)} patient-facing texts of {shortest} words or more "
          f"({short} shorter ones not graded)")
    print(f"Above grade {limit:g}: {len(above)}")
    for value, _, where, text in above:
        print(f"  {value:5.1f}  {where}: {text}")
    mean = sum(s[0] for s in scored) / len(scored)
    print(f"\nMean grade: {mean:.1f}")
    print("\nThe ten hardest:")
    for value, _, where, text in sorted(scored, reverse=True)[:10]:
        print(f"  {value:5.1f}  {where}: {text}")
    sys.exit(1 if above else 0)


if __name__ == "__main__":
    main()
