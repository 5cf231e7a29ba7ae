/**
 * The CLI's output contract (issue 12, command line; issue 16, items 1 and 8): --version, usage of
 * a bare group, decimal integers, one guard against non-finite results for every command,
 * parameters echoed, --csv beside --json, verdicts, the n = d limit, logError, help listing values.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "./cliHarness.ts";
import { checkFinite, emit, EtaEstimator } from "../src/cli/output.ts";
import { REPORT_MNIST, REPORT_MNIST_SEEDS } from "../src/sim/mnistParams.ts";
import { summarizeEvidence } from "../src/cli/evidence.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

function oneLineError(args: string[], status: number, pattern: RegExp): void {
  const r = cli(args);
  assert.equal(r.status, status, `${args.join(" ")}: status ${r.status}, ${r.stderr}`);
  assert.equal(r.stdout, "", args.join(" "));
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

test("--version prints package.json's version; a bare `theory` prints its usage, not '(outputHelp)'", () => {
  const v = cli(["--version"]);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  const t = cli(["theory"]);
  assert.equal(t.status, 2);
  assert.doesNotMatch(t.stderr, /outputHelp/);
  assert.match(t.stderr, /Usage: prompt-attention theory/);
  assert.match(t.stderr, /known-prompt/);
  assert.match(t.stderr, /gd-steps/);
});

test("integers are decimal digits: 0x10, 1e3, 1.5 and ' ' are refused with the flag and its range", () => {
  oneLineError(["theory", "known-prompt", "--d", "0x10"], 2, /--d must be an integer in \[2, 100000\] written in decimal digits, got '0x10'/);
  oneLineError(["theory", "known-prompt", "--n", "1e3"], 2, /--n must be an integer in \[1, 10000000\] written in decimal digits, got '1e3'/);
  oneLineError(["theory", "known-prompt", "--T", "1.5"], 2, /--T must be an integer/);
  oneLineError(["simulate", "known-prompt", "--trials", " "], 2, /--trials must be an integer/);
  oneLineError(["theory", "known-prompt", "--sigma", "0x10"], 2, /--sigma must be a number in \(0, /);
  const ok = cli(["theory", "known-prompt", "--d", "16", "--n", "1000", "--json"]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).params.d, 16);
});

test("checkFinite names the quantity and the parameters; emit refuses before printing anything", () => {
  const params = { d: 200, n: 400, theta: Infinity };
  assert.throws(() => checkFinite({ error: NaN }, params), /^Error: non-finite result: error = NaN at d=200 n=400 theta=inf$/);
  assert.throws(() => checkFinite({ theory: { stderr: { b: Infinity } } }, params), /theory\.stderr\.b = Infinity/);
  assert.throws(() => checkFinite({ rows: [{ z: -Infinity }] }, params), /rows\[0\]\.z = -Infinity/);
  assert.throws(() => checkFinite({ hardmax: { theta: -Infinity } }, params), /hardmax\.theta/);
  checkFinite({ hardmax: { theta: Infinity }, error: 0, label: "x", missing: null }, params); // θ = ∞ is hardmax, by meaning
  const write = process.stdout.write;
  let printed = "";
  process.stdout.write = ((s: string) => { printed += s; return true; }) as typeof process.stdout.write;
  try {
    for (const json of [true, false]) assert.throws(() => emit({ title: "t", params, values: { error: NaN } }, { json }), /non-finite/);
  } finally {
    process.stdout.write = write;
  }
  assert.equal(printed, "");
});

test("every command prints through emit (the one place with the non-finite guard)", () => {
  const dir = join(root, "src", "cli", "commands");
  // sweep/merge write JSON Lines files of their own; their summaries are counts
  for (const file of readdirSync(dir).filter((f) => f !== "sweep.ts")) {
    const src = readFileSync(join(dir, file), "utf8");
    assert.doesNotMatch(src, /console\.log|process\.stdout|printJson/, `${file} prints around emit`);
    assert.match(src, /emit\(/, `${file} never calls emit`);
  }
});

test("theory known-prompt: parameters echoed; n = d, λ = 0 gives the limit ½ with a note; logError past the doubles", () => {
  const peak = cli(["theory", "known-prompt", "--n", "200", "--d", "200", "--json"]);
  assert.equal(peak.status, 0, peak.stderr);
  const p = JSON.parse(peak.stdout);
  assert.equal(p.error, 0.5);
  assert.equal(p.logError, Math.log(0.5));
  assert.match(p.notes[0], /interpolation peak/);
  assert.deepEqual([p.params.n, p.params.d, p.params.lambda, p.params.pool], [200, 200, 0, "softmax"]);
  const text = cli(["theory", "known-prompt", "--n", "200", "--d", "200"]);
  assert.match(text.stdout, /parameters {2}d=200 n=200 T=16 k=2 .*lambda=0 pool=softmax/);
  assert.match(text.stdout, /note: n = d with λ = 0/);
  // the Monte Carlo has no limit to take there: its least-squares system is singular
  oneLineError(["simulate", "known-prompt", "--n", "50", "--d", "50"], 2, /--lambda must be > 0 when --n equals --d/);

  const far = JSON.parse(cli(["theory", "known-prompt", "--sigma", "0.02", "--theta", "inf", "--json"]).stdout);
  assert.equal(far.error, 0); // Q(75) ≈ 1e-1224 underflows
  const x = far.margin;
  assert.ok(x > 70, String(x));
  // log Q(x) = −x²/2 − ln(x√(2π)) + ln(1 − 1/x² + 3/x⁴ − 15/x⁶ …): the series' next term is < 1e-10 here
  const asymptotic = -x * x / 2 - Math.log(x * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6);
  assert.ok(Math.abs(far.logError - asymptotic) < 1e-9 * Math.abs(asymptotic), `${far.logError} vs ${asymptotic}`);
  assert.match(cli(["theory", "known-prompt", "--sigma", "0.02", "--theta", "inf"]).stdout, /note: the error is below the doubles' range: error = 10\^-12\d\d\./);
});

test("--csv gives a header and one row with the same numbers as --json; --json with --csv is refused", () => {
  const args = ["theory", "known-prompt", "--n", "100", "--d", "200"];
  const json = JSON.parse(cli([...args, "--json"]).stdout);
  const csv = cli([...args, "--csv"]);
  assert.equal(csv.status, 0, csv.stderr);
  const [head, row, ...rest] = csv.stdout.trimEnd().split("\n");
  assert.equal(rest.length, 0);
  const rec = Object.fromEntries(head!.split(",").map((k, i) => [k, row!.split(",")[i]]));
  assert.equal(Number(rec.error), json.error);
  assert.equal(Number(rec["params.d"]), 200);
  assert.equal(rec["params.pool"], "softmax");
  oneLineError([...args, "--json", "--csv"], 2, /--json.*--csv|--csv.*--json/);
  for (const cmd of [["theory", "gd-steps"], ["simulate", "known-prompt"], ["verify"], ["report"], ["mnist"], ["optimal-theta"], ["expressivity"]]) {
    assert.match(cli([...cmd, "--help"]).stdout, /--csv/, cmd.join(" "));
  }
});

test("simulate known-prompt prints its parameters and a verdict at the stated rule, in text and JSON", () => {
  const args = ["simulate", "known-prompt", "--d", "30", "--n", "60", "--T", "8", "--trials", "8", "--seed", "2", "--workers", "1"];
  const text = cli(args);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /parameters {2}d=30 n=60 T=8 k=2 .* trials=8 seed=2/);
  const line = text.stdout.split("\n").find((l) => l.startsWith("verdict: "));
  assert.match(line ?? "", /^verdict: (agree|disagree) at \|sim − theory\| ≤ 3·stderr \+ 0\.5\/d: error \|/);
  const out = JSON.parse(cli([...args, "--json"]).stdout);
  const a = out.agreement;
  // the verdict follows from the printed numbers by the stated rule
  assert.equal(a.tolerance, 3 * out.error.stderr + 0.5 / 30);
  assert.equal(a.pass, Math.abs(out.error.mean - out.theory.error) <= a.tolerance);
  assert.ok(out.verdict.startsWith(a.pass ? "agree" : "disagree"));
  assert.equal(out.params.d, 30);
  assert.equal(out.seed, 2);
});

test("help lists the values of enum flags and matches what the commands run", () => {
  const kp = cli(["theory", "known-prompt", "--help"]).stdout;
  for (const v of ["context-clean", "isotropic", "softmax", "linear", "uniform"]) assert.ok(kp.includes(v), v);
  const opt = cli(["optimal-theta", "--help"]).stdout;
  assert.match(opt, /isotropic only/);
  assert.match(opt, /default: "isotropic"/);
  assert.doesNotMatch(opt, /default: "context-clean"/);
  const gd = cli(["simulate", "gd-steps", "--help"]).stdout;
  assert.match(gd, /default: "isotropic"/);
  assert.match(gd, /--T <int> +tokens per input T: an integer in \[2, 1024\]/); // GD_SPECS' range, not law G's
  assert.match(cli(["mnist", "--help"]).stdout, /digits\|noise/);
  assert.match(cli(["expressivity", "--help"]).stdout, /G\|B\|GT\|EC/);
});

test("mnist defaults are the report's setting, so a report number reproduces without flags", () => {
  const help = cli(["mnist", "--help"]).stdout;
  const def = (flag: string) => Number(new RegExp(`${flag} <[^>]+>.*?\\(default: (\\d+)\\)`).exec(help.replace(/\s+/g, " "))?.[1]);
  assert.equal(def("--d"), REPORT_MNIST.d);
  assert.equal(def("--n"), REPORT_MNIST.n);
  assert.equal(def("--n-validation"), REPORT_MNIST.nValidation);
  assert.equal(def("--n-test"), REPORT_MNIST.nTest);
  assert.equal(def("--seeds"), REPORT_MNIST_SEEDS);
  assert.equal(def("--T"), REPORT_MNIST.T);
  assert.equal(def("--k"), REPORT_MNIST.k);
});

test("verify prints a table of evidence: claim, verdict, sub-checks, key numbers", () => {
  const r = cli(["verify", "K1", "K3"]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.match(lines[0]!, /^verify: 2 of 2 claims pass/);
  assert.match(lines[1]!, /parameters {2}claims=K1 K3 quick=false seed=1/);
  assert.match(r.stdout, /\n {2}K1 +PASS .*worstRelativeError \d/);
  assert.match(r.stdout, /\n {2}K3 +PASS +\d+\/\d+ /);
  const csv = cli(["verify", "K1", "--csv"]).stdout.trimEnd().split("\n");
  assert.match(csv[0]!, /^claim,verdict,subChecks,maxAbsZ,seconds,/);
  assert.match(csv[1]!, /^K1,PASS,/);
});

test("verify's key numbers: sub-checks with their z, perturbed controls left out, top-level numbers as headline", () => {
  const ev = { tolerance: 0.01, label: "x", rows: [{ pass: true, z: 1.5 }, { pass: false, z: -2.5 }, { nested: [{ pass: true }] }], perturbed: [{ pass: false, z: 13 }], perturbedPredictionsFail: true };
  assert.deepEqual(summarizeEvidence(ev), { passed: 2, total: 3, maxAbsZ: 2.5, headline: { tolerance: 0.01 } });
  assert.deepEqual(summarizeEvidence({}), { passed: 0, total: 0, headline: {} });
});

test("the ETA is shown only once it has settled", () => {
  const eta = new EtaEstimator(100, 0);
  // steady: 1 item per 100 ms
  assert.equal(eta.update(1, 100), "eta …"); // < 5% done
  assert.equal(eta.update(10, 1000), "eta …"); // < 1 s after the last sample: not sampled
  assert.equal(eta.update(20, 2000), "eta …"); // < 3 s
  assert.equal(eta.update(40, 4000), "eta 6 s"); // three samples of a 10 s run
  assert.equal(eta.update(50, 5000), "eta 5 s");
  // swinging: 1 item in the first 2 s, then a burst
  const swing = new EtaEstimator(100, 0);
  for (const [done, t] of [[1, 2000], [2, 3000], [30, 4000], [31, 5000]] as const) assert.equal(swing.update(done, t), "eta …");
  assert.equal(swing.update(100, 6000), "done");
});

test("issue 16 item 7: extreme SNRs end in a finite result or one line naming σ and its range (exit 2)", () => {
  // r√k/σ above 1e150 would push K2's margin past where log Q(x) ≈ −x²/2 is a double
  oneLineError(["theory", "known-prompt", "--sigma", "1e-160"], 2, /^error: --sigma must be a number in \[2\.13e-150, 1000000\] at --r 1\.5, --k 2: the SNR r√k\/σ must be at most 1e150/);
  oneLineError(["theory", "known-prompt", "--sigma", "1e-320"], 2, /--sigma must be a number in \[2\.13e-150, /);
  oneLineError(["simulate", "known-prompt", "--sigma", "1e-160", "--trials", "2"], 2, /--sigma must be a number in \[2\.13e-150, /);
  oneLineError(["theory", "known-prompt", "--r", "1e6", "--k", "16", "--sigma", "1e-146"], 2, /--sigma must be a number in \[4e-144, 1000000\] at --r 1000000, --k 16/);
  oneLineError(["theory", "known-prompt", "--noise", "isotropic", "--sigma", "1e-160"], 2, /--sigma must be a number in \[2\.13e-150, /);
  // the lower ends the messages show are accepted, and give finite results
  for (const args of [["--sigma", "2.13e-150"], ["--r", "0", "--sigma", "1e-300"], ["--noise", "isotropic", "--sigma", "1e-300", "--r", "1e-300", "--c", "1e-300", "--theta", "1000"], ["--noise", "isotropic", "--sigma", "0.01", "--r", "100"]]) {
    const r = cli(["theory", "known-prompt", ...args, "--json"]);
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
    const th = JSON.parse(r.stdout);
    assert.ok(Number.isFinite(th.error) && th.error >= 0 && th.error <= 0.5, args.join(" "));
    if (th.logError !== undefined) assert.ok(Number.isFinite(th.logError), args.join(" "));
  }
  // K2's log-domain error is kept where the error itself underflows
  const deep = JSON.parse(cli(["theory", "known-prompt", "--sigma", "2.13e-150", "--json"]).stdout);
  assert.equal(deep.error, 0);
  assert.ok(deep.logError < -1e299 && Number.isFinite(deep.logError));
});
