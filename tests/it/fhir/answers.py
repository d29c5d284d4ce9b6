# Writes N answers files that answer every required item of a
# questionnaire at random (options, "don't know" where allowed, numbers in
# range and in any of their units) and most optional ones, so that
# whichever conditions hold, every required question that applies is
# answered. Usage: answers.py QUESTIONNAIRE.toml OUT_DIR N SEED
import json
import random
import sys
import tomllib

questionnaire = tomllib.load(open(sys.argv[1], "rb"))
out, count, seed = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)

def answer(item):
    kind = item["type"]
    if item.get("dont_know") and rng.random() < 0.15:
        return "dont_know"
    if kind == "yes_no":
        return rng.choice(["yes", "no"])
    if kind == "single":
        return rng.choice(item["options"])["value"]
    if kind == "multiple":
        options = item["options"]
        plain = [o["value"] for o in options if not o.get("exclusive")]
        if rng.random() < 0.2 or not plain:
            return [rng.choice(options)["value"]]
        return rng.sample(plain, rng.randint(1, min(3, len(plain))))
    if kind in ("integer", "decimal"):
        low, high = item.get("min", 0), item.get("max", 100)
        value = rng.uniform(low, high)
        if kind == "integer":
            return int(round(value))
        units = item.get("units", [])
        if units and rng.random() < 0.4:
            unit = rng.choice(units)
            return {"value": round(value / unit["factor"], 2), "unit": unit["unit"]}
        return round(value, 1)
    return "words"

def toml_value(value):
    if isinstance(value, dict):
        return "{ value = %s, unit = %s }" % (value["value"], json.dumps(value["unit"], ensure_ascii=False))
    return json.dumps(value, ensure_ascii=False)

for n in range(count):
    lines = ["[answers]"]
    for section in questionnaire["section"]:
        for item in section["item"]:
            if item.get("required") is False and rng.random() < 0.3:
                continue
            lines.append("%s = %s" % (item["id"], toml_value(answer(item))))
    with open("%s/random-%03d.toml" % (out, n), "w") as f:
        f.write("\n".join(lines) + "\n")
