/** The explorer's figure helpers: round axis ends, y ranges fixed from the data, log tick labels. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedYRanges, logTicks, niceCeil } from "../src/explore/plotting.ts";

test("niceCeil: the smallest round number at or above v", () => {
  assert.equal(niceCeil(0.35), 0.4);
  assert.equal(niceCeil(0.4), 0.4);
  assert.equal(niceCeil(0.41), 0.5);
  assert.equal(niceCeil(0.092), 0.1);
  assert.equal(niceCeil(2.3), 2.5);
  assert.equal(niceCeil(3.4, [1, 2, 5]), 5);
  assert.equal(niceCeil(5.1, [1, 2, 5]), 10);
  assert.equal(niceCeil(170, [1, 2, 5]), 200);
});

test("fixedYRanges: [0, round top] from each axis' own traces, error bars included; explicit ranges kept", () => {
  const layout = { yaxis: { rangemode: "tozero" }, yaxis2: { rangemode: "tozero" }, xaxis: {} };
  const traces = [
    { y: [0.1, 0.33, null] },
    { y: [0.3], error_y: { array: [0.05] } },
    { y: [1.7, 2.2], yaxis: "y2" },
  ];
  const out = fixedYRanges(layout, traces) as Record<string, { range?: number[] }>;
  assert.deepEqual(out.yaxis!.range, [0, 0.4]); // 0.35 · 1.04 = 0.364
  assert.deepEqual(out.yaxis2!.range, [0, 2.5]); // 2.2 · 1.04 = 2.288
  const fixed = fixedYRanges({ yaxis: { range: [0, 1] } }, traces) as Record<string, { range?: number[] }>;
  assert.deepEqual(fixed.yaxis!.range, [0, 1]);
});

test("logTicks: powers of ten throughout across many decades, plain numbers across few", () => {
  assert.deepEqual(logTicks(1e-3, 1e6).ticktext, ["10⁻³", "10⁻²", "10⁻¹", "1", "10¹", "10²", "10³", "10⁴", "10⁵", "10⁶"]);
  assert.deepEqual(logTicks(0.1, 10).ticktext, ["0.1", "0.2", "0.5", "1", "2", "5", "10"]);
});
