/** Regenerate test/golden/known-prompt.json: `npx tsx test/golden/regenerate.ts`. Review the diff. */
import { writeFileSync } from "node:fs";
import { POINTS, goldenValues } from "./knownPromptPoints.ts";

const out = {
  what: "Golden values of K1–K3 (pooling statistics, Marchenko–Pastur transform, K2 error, K3 limits).",
  regenerate: "npx tsx test/golden/regenerate.ts",
  points: POINTS.map((p) => ({ ...p, values: goldenValues(p) })),
};
const json = JSON.stringify(out, (_k, v) => (v === Infinity ? "Infinity" : v), 1) + "\n";
writeFileSync(new URL("./known-prompt.json", import.meta.url), json);
console.log(`wrote ${POINTS.length} points`);
