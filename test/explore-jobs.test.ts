/** A worker panel's job: the preview's share of the evaluations, and where each answer goes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fill, previewIndices } from "../src/explore/jobs.ts";
import { emptyValues } from "../src/explore/render.ts";
import type { PanelPlan } from "../src/explore/plan.ts";
import type { Task } from "../src/explore/protocol.ts";

const plan = {
  series: [
    { key: "a", xs: [0, 1, 2, 3, 4, 5] },
    { key: "b", xs: [0, 1, 2, 3, Infinity] },
  ],
} as unknown as PanelPlan;
// 11 series points, then 2 probes and θ*
const tasks = Array.from({ length: 14 }, () => ({}) as Task);

test("previewIndices: every other point, each series' last finite point and θ = ∞, then every probe and θ*", () => {
  assert.deepEqual(previewIndices(plan, tasks), [0, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13]);
});

test("fill: an answer lands at its series point, in plan order", () => {
  const v = emptyValues(plan, []);
  fill(v, plan, 7, 0.25, 0.01); // series b, second point
  assert.deepEqual(v.y.b, [undefined, 0.25, undefined, undefined, undefined]);
  assert.deepEqual(v.stderr.b, [undefined, 0.01, undefined, undefined, undefined]);
  assert.ok(v.y.a!.every((y) => y === undefined));
});
