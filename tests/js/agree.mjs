// ajv (with ajv-formats) and the crate agree on every case of tests/python/cases.json, as
// Python's jsonschema does (tests/python/agree.py): the README recommends both.
// Run from the crate root after `npm install ajv@8 ajv-formats@3` in tests/js:
// `node tests/js/agree.mjs`.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("./package.json", import.meta.url));
const Ajv2020 = require("ajv/dist/2020.js").default;
const addFormats = require("ajv-formats").default;

const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const validators = {};
for (const kind of ["manual", "program"]) {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  validators[kind] = ajv.compile(read(`docs/schemas/${kind}.schema.json`));
}

const cases = read("tests/python/cases.json");
const disagreements = [];
for (const c of cases) {
  const validate = validators[c.kind];
  const accepted = validate(c.document);
  const expected = c.schema_accepts ?? c.parses;
  if (accepted !== expected) {
    const errors = (validate.errors ?? []).slice(0, 2).map((e) => `${e.instancePath} ${e.message}`);
    disagreements.push(`${c.name}: schema ${accepted ? "accepts" : "refuses"}, expected ` +
      `${expected ? "accepts" : "refuses"} ${JSON.stringify(errors)}`);
  }
}
console.log(`${cases.length - disagreements.length} of ${cases.length} cases agree (ajv 8 with ajv-formats)`);
for (const line of disagreements) console.log("  disagrees:", line);
process.exit(disagreements.length ? 1 : 0);
