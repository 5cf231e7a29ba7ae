/**
 * The parameter schema (src/params): ranges, defaults and cross-field rules, and agreement with
 * what the command line accepts today (same defaults, same one-line messages).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkGdSteps, checkKnownPrompt, parseKnownPrompt, KNOWN_PROMPT_DEFAULTS, MAX_SNR } from "../src/params/point.ts";
import { FIELDS, ParamError, configFieldSchema, parseField, rangeText, thetaText } from "../src/params/fields.ts";
import { cli } from "./cliHarness.ts";

const error = (r: { ok: boolean; error?: ParamError }) => (r.ok ? "ok" : r.error!.message);

test("defaults: k = min(2, T), θ = ∞ is the number Infinity, ζ resolves to k", () => {
  assert.deepEqual(parseKnownPrompt({}), { ...KNOWN_PROMPT_DEFAULTS, k: 2 });
  assert.equal(parseKnownPrompt({ T: 1 }).k, 1);
  assert.equal(parseKnownPrompt({ theta: "inf" }).theta, Infinity);
  assert.equal(parseKnownPrompt({ theta: Infinity }).theta, Infinity);
  assert.equal(parseKnownPrompt({ T: 10, zeta: 0.25 }).k, 3); // round(2.5) = 3
  assert.equal(parseKnownPrompt({ T: 10, zeta: 0.01 }).k, 1); // never 0
  const gd = checkGdSteps({});
  assert.ok(gd.ok);
  assert.deepEqual(gd.point, { d: 100, n: 400, T: 16, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 100 });
});

test("one-line errors name the parameter and its range", () => {
  assert.equal(error(checkKnownPrompt({ rho: 1 })), "rho must be a number in [0, 1), got '1'");
  assert.equal(error(checkKnownPrompt({ sigma: "0" })), "sigma must be a number in (0, 1000000], got '0'");
  assert.equal(error(checkKnownPrompt({ n: "2.5" })), "n must be an integer in [1, 10000000], got '2.5'");
  assert.equal(error(checkKnownPrompt({ n: "" })), "n must be an integer in [1, 10000000], got ''");
  assert.equal(error(checkKnownPrompt({ theta: NaN })), "theta must be a number in [0, 10000] or 'inf', got 'NaN'");
  assert.equal(error(checkKnownPrompt({ pool: "max" })), "pool must be one of softmax|linear|uniform, got 'max'");
  assert.equal(error(checkKnownPrompt({ eta: 1 })), "eta is not a parameter of this point");
  assert.equal(error(checkGdSteps({ d: 3 })), "d must be an integer in [4, 100000], got '3'");
  for (const r of [checkKnownPrompt({ d: -1 }), checkKnownPrompt({ k: 1, zeta: 0.5 }), checkGdSteps({ beta: 0 })]) {
    assert.ok(!r.ok && !r.error.message.includes("\n"));
  }
  assert.throws(() => parseField("lambda", "-1"), (e: unknown) => e instanceof ParamError && e.param === "lambda");
});

test("rules between parameters", () => {
  assert.equal(error(checkKnownPrompt({ k: 17 })), "k must be an integer in [1, T=16], got '17'");
  assert.equal(error(checkKnownPrompt({ k: 2, zeta: 0.5 })), "k and zeta are exclusive: give one of them");
  assert.match(error(checkKnownPrompt({ n: 200, d: 200 })), /^lambda must be > 0 when n equals d \(200\)/);
  assert.equal(error(checkKnownPrompt({ n: 200, d: 200, lambda: 1e-9 })), "ok");
  assert.equal(error(checkKnownPrompt({ theta: "inf", pool: "linear" })), "theta 'inf' is only defined for pool softmax (hardmax)");
  assert.equal(error(checkGdSteps({ T: 4, k: 5 })), "k must be an integer in [1, T=4], got '5'");
});

test("θ text reads back to the same double", () => {
  for (const x of [0, 0.1, 1 / 3, 2.5e-7, 9999.999999999998, Infinity]) assert.equal(parseField("theta", thetaText(x)), x);
  assert.equal(rangeText(FIELDS.theta), "a number in [0, 10000] or 'inf'");
});

test("the command line accepts the same defaults and reports the same range errors", () => {
  const out = cli(["theory", "known-prompt", "--json"]);
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout).params, parseKnownPrompt({}));
  for (const [flag, raw] of [["rho", "1"], ["theta", "-1"]] as const) {
    const r = cli(["theory", "known-prompt", `--${flag}`, raw]);
    assert.equal(r.status, 2);
    const mine = checkKnownPrompt({ [flag]: raw });
    assert.ok(!mine.ok);
    assert.match(r.stderr, new RegExp(`--${mine.error.message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
  }
});

test("one message, two namings: fields for configs and the explorer, flags for the command line", () => {
  const r = checkKnownPrompt({ n: 50, d: 50 });
  assert.ok(!r.ok);
  assert.match(r.error.message, /^lambda must be > 0 when n equals d \(50\)/);
  assert.match(r.error.flagMessage, /^--lambda must be > 0 when --n equals --d \(50\)/);
  // theory takes the γ = 1 peak as its limit; a simulation has nothing to solve there
  assert.equal(error(checkKnownPrompt({ n: 50, d: 50 }, "theory")), "ok");
  // text is read in decimal notation only; an integer written otherwise is named as such
  assert.equal(error(checkKnownPrompt({ d: "0x10" })), "d must be an integer in [2, 100000] written in decimal digits, got '0x10'");
  assert.equal(error(checkKnownPrompt({ sigma: "0x10" })), "sigma must be a number in (0, 1000000], got '0x10'");
});

test("representable SNR: σ ≥ r√k/MAX_SNR for both noise models; the shown lower end is accepted", () => {
  const low = checkKnownPrompt({ r: 1.5, k: 2, sigma: 1e-160 }, "theory");
  assert.ok(!low.ok && low.error.param === "sigma");
  const shown = Number(/\[([^,]+),/.exec(low.error.message)![1]);
  assert.ok(shown >= (1.5 * Math.SQRT2) / MAX_SNR && shown < 1.01 * (1.5 * Math.SQRT2) / MAX_SNR, String(shown));
  assert.equal(error(checkKnownPrompt({ r: 1.5, k: 2, sigma: shown }, "theory")), "ok");
  assert.equal(error(checkKnownPrompt({ r: 0, sigma: 1e-300 })), "ok"); // no signal: nothing to overflow
  assert.match(error(checkKnownPrompt({ noise: "isotropic", sigma: 1e-160 })), /^sigma must be a number in \[2\.13e-150, 1000000\] at r 1\.5, k 2/);
  assert.equal(error(checkKnownPrompt({ noise: "isotropic", r: 1e-300, sigma: 1e-300 })), "ok"); // K5 is scale-free: no floor of its own
});

test("config fields: numbers only (no text), θ = ∞ as 'inf', the same ranges as the command line", () => {
  const theta = configFieldSchema(FIELDS.theta);
  assert.equal(theta.safeParse("inf").success, true);
  assert.equal(theta.safeParse(1e4).success, true);
  assert.equal(theta.safeParse(1e4 + 1).success, false);
  assert.equal(configFieldSchema(FIELDS.d).safeParse("16").success, false);
  assert.equal(configFieldSchema(FIELDS.d).safeParse(2.5).success, false);
  assert.equal(configFieldSchema(FIELDS.sigma).safeParse(0).success, false);
});
