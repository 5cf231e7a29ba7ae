import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { POINTS, goldenValues } from "./golden/knownPromptPoints.ts";

const golden = JSON.parse(readFileSync(new URL("./golden/known-prompt.json", import.meta.url), "utf8")) as { points: { values: Record<string, number> }[] };

test("K1–K3 reproduce their golden values to 1e-12 relative", () => {
  assert.equal(golden.points.length, POINTS.length, "golden file out of date: run npx tsx test/golden/regenerate.ts");
  POINTS.forEach((p, i) => {
    const now = goldenValues(p);
    const then = golden.points[i]!.values;
    assert.deepEqual(Object.keys(now).sort(), Object.keys(then).sort());
    for (const [k, v] of Object.entries(then)) {
      const x = now[k]!;
      assert.ok(Math.abs(x - v) <= 1e-12 * Math.abs(v), `point ${i} ${k}: ${x} vs golden ${v}`);
    }
  });
});
