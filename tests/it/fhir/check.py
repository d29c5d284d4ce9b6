# Checks a FHIR R4 Questionnaire and a Bundle of results four ways:
#   1. fhir.resources (an R4 model): structure, data types, formats;
#   2. the official R4 JSON Schema (fhir.schema.json);
#   3. every invariant (constraint) of the R4 StructureDefinitions that
#      applies to an element present, evaluated with fhirpathpy (warnings
#      included), and the narrative rules of txt-1/txt-2 in Python;
#   4. each QuestionnaireResponse against the Questionnaire: linkIds exist,
#      answers have the item's type and options, no answer to a disabled
#      item, every enabled required item answered in a completed response.
# Usage: check.py QUESTIONNAIRE BUNDLE SCHEMA PROFILES_DIR [--consistency-only]
import json
import sys

import jsonschema
from fhir.resources.bundle import Bundle
from fhir.resources.questionnaire import Questionnaire
from fhirpathpy import evaluate
from fhirpathpy.models import models

questionnaire_path, bundle_path, schema_path, profiles_dir = sys.argv[1:5]
consistency_only = sys.argv[5:] == ["--consistency-only"]
questionnaire = json.load(open(questionnaire_path))
bundle = json.load(open(bundle_path))
resources = [entry["resource"] for entry in bundle["entry"]]
problems = []

# 1. fhir.resources
if not consistency_only:
    Questionnaire.parse_obj(questionnaire)
    Bundle.parse_obj(bundle)

# 2. The JSON Schema. Resources inside the Bundle are checked each against
# its own definition: the schema's list of all resources is a oneOf that
# would check each against every resource type.
schema = json.load(open(schema_path))
def schema_check(instance, name):
    validator = jsonschema.Draft6Validator({"$ref": "#/definitions/" + name, "definitions": schema["definitions"]})
    for error in validator.iter_errors(instance):
        problems.append("schema %s: %s at %s" % (name, error.message[:200], list(error.absolute_path)))
if not consistency_only:
    schema_check(questionnaire, "Questionnaire")
    shell = dict(bundle, entry=[{k: v for k, v in e.items() if k != "resource"} for e in bundle["entry"]])
    schema_check(shell, "Bundle")
    for resource in resources:
        schema_check(resource, resource["resourceType"])

# 3. Invariants. Two spellings differ for fhirpathpy: it reads `is Boolean`
# as the System type, which a FHIR boolean is not (the R4 validator reads
# FHIR's boolean), and it lacks hasValue(), which is false on the complex
# elements checked here (primitives are not walked). An empty result is no
# failure: a logical reference has no `reference` for ref-1 to look at.
ENGINE_SPELLING = {
    "answer is Boolean": "answer is boolean",
    "hasValue() or (children().count() > id.count())": "children().count() > id.count()",
    ".hasValue()": ".exists()",
}
model = models["r4"]
elements = {}
for name in ("profiles-resources.json", "profiles-types.json"):
    for entry in json.load(open(profiles_dir + "/" + name))["entry"]:
        sd = entry["resource"]
        if sd.get("resourceType") == "StructureDefinition" and sd.get("derivation") != "constraint":
            elements[sd["type"]] = {e["path"]: e for e in sd["snapshot"]["element"]}
checked = {"count": 0}

def constraints(node, definition, base, root):
    for c in definition.get("constraint", []):
        expression = c.get("expression")
        if not expression:
            continue
        for wrong, right in ENGINE_SPELLING.items():
            expression = expression.replace(wrong, right)
        try:
            result = evaluate(node, {"base": base, "expression": expression}, {"resource": root, "rootResource": root}, model)
        except Exception as e:  # an engine limitation is a problem too
            problems.append("%s %s at %s: cannot evaluate: %s" % (c["key"], c["severity"], base, e))
            continue
        checked["count"] += 1
        if result and result != [True]:
            problems.append("%s (%s) fails at %s: %s" % (c["key"], c["severity"], base, c.get("human", "")))

def child_definition(defs, path, key):
    if path + "." + key in defs:
        d = defs[path + "." + key]
        return d, d["type"][0]["code"] if d.get("type") else None
    for p, d in defs.items():
        if p.startswith(path + ".") and p.endswith("[x]") and p.count(".") == path.count(".") + 1:
            stem = p[len(path) + 1:-3]
            if key.startswith(stem):
                suffix = key[len(stem):]
                for t in d["type"]:
                    if t["code"].lower() == suffix.lower():
                        return d, t["code"]
    return None, None

def walk(node, type_name, path, root):
    defs = elements[type_name]
    constraints(node, defs[path], path, root)
    for key, value in node.items():
        if key in ("resourceType",) or key.startswith("_"):
            continue
        definition, code = child_definition(defs, path, key)
        if definition is None:
            problems.append("unknown element %s.%s" % (path, key))
            continue
        child_path = definition["path"] if not definition["path"].endswith("[x]") else None
        if definition.get("contentReference"):
            child_path = definition["contentReference"][1:]
            code = "BackboneElement"
        for item in value if isinstance(value, list) else [value]:
            if code in ("BackboneElement", "Element"):
                walk(item, type_name, child_path, root)
            elif code == "Resource":
                walk(item, item["resourceType"], item["resourceType"], item)
            elif code and code[0].isupper():
                # Evaluated as the type it is, so that choices resolve.
                if child_path:
                    constraints(item, defs[child_path], code, root)
                walk(item, code, code, root)

if not consistency_only:
    walk(questionnaire, "Questionnaire", "Questionnaire", questionnaire)
    walk(bundle, "Bundle", "Bundle", bundle)

# txt-1 and txt-2 call htmlChecks(), which fhirpathpy lacks: the narrative
# is checked here by its definition instead (well-formed XHTML in a div,
# only formatting elements, no scripts, event handlers or empty text).
import xml.etree.ElementTree as ElementTree
XHTML = "{http://www.w3.org/1999/xhtml}"
ALLOWED = {"div", "p", "b", "i", "em", "strong", "span", "br", "ul", "ol", "li", "table", "tr", "td", "th"}
for resource in [questionnaire] + resources:
    div = resource.get("text", {}).get("div")
    if div is None:
        continue
    try:
        root = ElementTree.fromstring(div)
    except ElementTree.ParseError as e:
        problems.append("txt-1: %s narrative is not XML: %s" % (resource["resourceType"], e))
        continue
    if root.tag != XHTML + "div" or not "".join(root.itertext()).strip():
        problems.append("txt-2: %s narrative is not a div with text" % resource["resourceType"])
    for element in root.iter():
        if not element.tag.startswith(XHTML) or element.tag[len(XHTML):] not in ALLOWED:
            problems.append("txt-1: %s narrative has <%s>" % (resource["resourceType"], element.tag))
        if any(name.lower().startswith("on") for name in element.attrib):
            problems.append("txt-1: %s narrative has an event handler" % resource["resourceType"])

# 4. Each response against the questionnaire.
by_link = {}
def index(items, parent):
    for item in items or []:
        by_link[item["linkId"]] = (item, parent)
        index(item.get("item"), item)
index(questionnaire["item"], None)
VALUE = {"choice": "valueCoding", "integer": "valueInteger", "decimal": "valueDecimal",
         "quantity": "valueQuantity", "string": "valueString", "text": "valueString"}
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"

def all_items(items):
    for item in items or []:
        yield item
        yield from all_items(item.get("item"))

def answer_values(response, link_id):
    return [next(iter(v for k, v in a.items() if k.startswith("value"))) for item in all_items(response.get("item"))
            if item["linkId"] == link_id for a in item.get("answer", [])]

def same(a, b):
    if isinstance(a, dict) and "code" in b and "value" not in b:
        return a.get("system") == b.get("system") and a.get("code") == b.get("code")
    if isinstance(a, dict):
        return a.get("value") == b.get("value") and a.get("code") == b.get("code")
    return a == b

def holds(condition, response):
    expected = next(v for k, v in condition.items() if k.startswith("answer"))
    values = answer_values(response, condition["question"])
    op = condition["operator"]
    if op == "exists":
        return bool(values) == expected
    if op == "=":
        return any(same(v, expected) for v in values)
    if op == "!=":
        return not any(same(v, expected) for v in values)
    number = lambda v: v["value"] if isinstance(v, dict) else v
    compare = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}[op]
    try:
        return any(compare(number(v), number(expected)) for v in values)
    except TypeError:  # an answer of the wrong type, reported elsewhere
        return False

def enabled(item, response):
    expressions = [e["valueExpression"]["expression"] for e in item.get("extension", []) if e["url"] == EXPRESSION]
    for expression in expressions:
        try:
            result = evaluate(response, expression, {"resource": response}, model)
        except Exception as e:
            problems.append("enableWhenExpression of %s cannot be evaluated: %s" % (item["linkId"], e))
            return False
        if result != [True]:
            return False
    conditions = item.get("enableWhen", [])
    if not conditions:
        return True
    results = [holds(c, response) for c in conditions]
    return all(results) if item.get("enableBehavior", "all") == "all" else any(results)

def answered(item):
    return bool(item.get("answer")) or any(e["url"] == DATA_ABSENT for e in item.get("extension", []))

responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
answers = 0
for number, response in enumerate(responses, 1):
    where = "response %d" % number
    if response["questionnaire"] != questionnaire["url"] + "|" + questionnaire["version"]:
        problems.append(where + ": points at another questionnaire")
    present = {}
    def check(items, parent_link):
        global answers
        for item in items or []:
            link = item["linkId"]
            if link not in by_link:
                problems.append("%s: unknown linkId %s" % (where, link))
                continue
            definition, parent = by_link[link]
            if (parent or {}).get("linkId") != parent_link:
                problems.append("%s: %s is not where the questionnaire has it" % (where, link))
            present[link] = item
            for answer in item.get("answer", []):
                answers += 1
                kind = VALUE.get(definition["type"])
                if kind not in answer:
                    problems.append("%s: %s (%s) answered with %s" % (where, link, definition["type"], list(answer)))
                elif kind == "valueCoding":
                    options = [o["valueCoding"] for o in definition.get("answerOption", [])]
                    if not any(same(answer[kind], o) for o in options):
                        problems.append("%s: %s answered with a code not among its options" % (where, link))
            check(item.get("item"), link)
    check(response.get("item"), None)
    def visit(items, parent_enabled):
        for item in items or []:
            if item["type"] == "display":
                continue
            on = parent_enabled and enabled(item, response)
            given = present.get(item["linkId"])
            if not on and given is not None and (answered(given) or given.get("item")):
                problems.append("%s: %s is answered but disabled" % (where, item["linkId"]))
            if on and item.get("required") and response["status"] == "completed" and item["type"] != "group":
                if given is None or not answered(given):
                    problems.append("%s: %s is required, enabled and not answered" % (where, item["linkId"]))
            visit(item.get("item"), on)
    visit(questionnaire["item"], True)

for problem in sorted(set(problems))[:80]:
    print("PROBLEM", problem)
completed = sum(1 for r in responses if r["status"] == "completed")
print("checked %d resources, %d responses (%d completed), %d answers, %d invariant evaluations, %d problems"
      % (len(resources) + 1, len(responses), completed, answers, checked["count"], len(set(problems))))
sys.exit(1 if problems else 0)
