/**
 * The explorer's reading of dropped simulation files (src/explore/simData.ts) and their matching
 * to panels (src/explore/overlay.ts): defensive parsing, θ = ∞ in its spellings, parameters not in
 * the file taken from the controls, probes the schema rejects left out.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSimFile } from "../src/explore/simData.ts";
import { paramsToAdopt, probesFor } from "../src/explore/overlay.ts";
import { nOverDPanel, thetaPanel } from "../src/explore/knownPromptPanels.ts";
import { parseKnownPrompt } from "../src/params/point.ts";

const controls = parseKnownPrompt({ d: 100, n: 200 });

test("a sweep file: unknown fields ignored, a torn or foreign line skipped and counted", () => {
  const line = (n: number, theta: number | string) => JSON.stringify({ sweep: "abc", index: 0, points: 2, point: { n, theta }, params: { ...controls, n, theta, zeta: 0.125 }, error: { mean: 0.1, stderr: 0.01, trials: 40 }, newField: [1] });
  const f = parseSimFile("s.jsonl", `${line(50, "inf")}\n${line(400, 2)}\n{"note":1}\n{"sweep":"abc","ind`);
  assert.equal(f.kind, "sweep");
  assert.equal(f.points.length, 2);
  assert.equal(f.skipped, 2);
  assert.equal(f.points[0]!.params.theta, Infinity);
  assert.equal(f.points[0]!.params.zeta, undefined, "k given: ζ dropped");
  // the controls take the first point's parameters, all but the x axis that varies most (n, then θ, on a tie)
  assert.deepEqual(paramsToAdopt(f), Object.fromEntries(Object.entries(f.points[0]!.params).filter(([k]) => k !== "n")));
  assert.throws(() => parseSimFile("x.txt", "hello"), /neither a sweep JSON Lines file nor a report data file/);
});

test("a report data file: θ written '∞', the model's name for the pool, n from n/d", () => {
  const f = parseSimFile("k1-reff-and-error-vs-theta.json", JSON.stringify({ title: "t", rows: [
    { model: "SPA", theta: "∞", simMean: 0.08, simStderr: 0.002 },
    { model: "LPA", theta: 1, simMean: 0.09, simStderr: 0.002 },
    { nOverD: 0.5, d: 100, theta: "0", simMean: 0.3, simStderr: 0.01 },
    { model: "UNI", theta: 0 },
  ] }));
  assert.equal(f.kind, "report");
  assert.equal(f.skipped, 1);
  assert.deepEqual(f.points.map((p) => p.params), [{ theta: Infinity, pool: "softmax" }, { theta: 1, pool: "linear" }, { d: 100, theta: 0, n: 50 }]);
});

test("matching: missing parameters come from the controls; θ = ∞ never matches a finite θ; rejected points are left out", () => {
  const file = parseSimFile("r.json", JSON.stringify({ rows: [
    { model: "SPA", theta: "inf", simMean: 0.08, simStderr: 0.002 },
    { model: "LPA", theta: 1, simMean: 0.09, simStderr: 0.002 },
    { theta: 3, simMean: 0.1, simStderr: 0.002 },
    { n: 150, simMean: 0.2, simStderr: 0.01 },
    { n: 100, simMean: 0.5, simStderr: 0.01 },
  ] }));
  const onTheta = probesFor(thetaPanel(controls), [file], { ...controls });
  assert.deepEqual(onTheta.map((p) => [p.series.label, p.x]), [["SPA error", Infinity], ["SPA error", 3], ["LPA error", 1]]);
  // n = d with λ = 0 is singular (the schema rejects it): no probe there
  const onN = probesFor(nOverDPanel(controls), [file], { ...controls });
  assert.deepEqual(onN.map((p) => [p.series.label, p.x]), [["SPA error", 150]]);
  // with θ = ∞ on the controls, the row without θ is not put on a finite-θ curve
  const atInf = parseKnownPrompt({ d: 100, n: 200, theta: "inf" });
  assert.deepEqual(probesFor(nOverDPanel(atInf), [file], { ...atInf }).map((p) => p.x), [150]);
  assert.equal(probesFor(nOverDPanel(atInf), [file], { ...controls }).length, 0);
});
