import { test } from "node:test";
import assert from "node:assert/strict";
import { K3, rEffFromError } from "../theorems/K3.ts";
import { k2Margin } from "../src/theory/knownPrompt.ts";
import { Q } from "../src/special/normal.ts";

test("rEffFromError inverts the λ = 0 K2 error on both sides of the interpolation peak", () => {
  for (const gamma of [0.25, 0.5, 2, 4]) {
    for (const rEff of [0.3, 1, 2.5]) assert.ok(Math.abs(rEffFromError(Q(k2Margin(rEff, gamma, 0)), gamma) / rEff - 1) < 1e-10, `γ=${gamma} r_eff=${rEff}`);
  }
});

test("K3 (quick): simulated hardmax and uniform errors agree with the 1/√ζ benefit; a 5% change of the factor is rejected", async () => {
  const r = await K3.check({ quick: true, seed: 1 });
  const b = r.evidence.benefit as { rows: { pass: boolean }[]; mutants: { rejected: boolean }[]; measured: { z: number }[] };
  assert.ok(b.rows.length >= 4 && b.rows.every((row) => row.pass));
  assert.ok(b.mutants.length === 2 && b.mutants.every((m) => m.rejected));
  assert.ok(b.measured.every((m) => Math.abs(m.z) < 3));
  assert.equal(r.pass, true);
});
