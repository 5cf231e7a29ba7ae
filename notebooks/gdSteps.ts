/**
 * Report section for G1–G5: the first steps of gradient descent.
 * (a) cos(w1, w⋆) and cos(q1, q⋆) against n; (b) attention mass on the relevant tokens after the
 * prompt step against n for several ζ; (c) test error of (q1, w2) against n, plain and debiased;
 * (d) sample complexity n⋆ against d, T and ζ with fitted log-log slopes; (e) G5 learning curves,
 * prompt-tuning (SPA) against fine-tuning (SSA). Theory: lines; Monte Carlo: markers ±2·stderr.
 */
import type { Figure, Notebook, Section } from "../src/report/types.ts";
import { LEGEND_BELOW, MODEL_COLOR, REFERENCE_COLOR, agreementSentence, grid, line, logAxis, markers, paramText, seriesColor, simulationKey, type Trace } from "../src/report/plot.ts";
import { predictedAttentionMass, predictedCosQ1, predictedCosW1, type GdParams } from "../src/theory/gdSteps.ts";
import { compare, simulateGdPoints } from "../theorems/gdAgreement.ts";
import { G1, G1_ALLOWANCE } from "../theorems/G1.ts";
import { G2, G2_ALLOWANCE } from "../theorems/G2.ts";
import { G3, G3_ATTENTION_ALLOWANCE, G3_ERROR_ALLOWANCE, predictTestError } from "../theorems/G3.ts";
import { G4, type G4Axis } from "../theorems/G4.ts";
import { G5 } from "../theorems/G5.ts";
import { checkOf, verdictText } from "./checks.ts";
import { deriveSeed } from "../src/random/deriveSeed.ts";

const f3 = (x: number) => x.toFixed(3);
const rule = (claim: string, allowance: number) => `${claim}'s rule (|sim − theory| ≤ 3·stderr + ${allowance})`;

export const gdStepsNotebook: Notebook = async ({ quick, seed, onProgress }) => {
  let done = 0;
  const total = quick ? 16 : 30;
  const tick = () => onProgress?.(Math.min(1, ++done / total));
  const ctx = { quick, seed };
  const [g1, g2, g3, g4, g5] = [await checkOf(G1, ctx), await checkOf(G2, ctx), await checkOf(G3, ctx), await checkOf(G4, ctx), await checkOf(G5, ctx)];
  const base: Omit<GdParams, "n"> = { d: 48, T: 12, k: 2, c: 1, r: 1.2, sigma: 1, eta: 1, beta: 80 };
  const fixed = { d: base.d, T: base.T, k: base.k, ζ: `${base.k}/${base.T}`, c: base.c, r: base.r, σ: base.sigma, ρ: 0, η: base.eta, β: base.beta };
  const ns = quick ? [60, 250, 1000] : [60, 120, 250, 500, 1000];
  const trials = quick ? 6 : 24;
  const dense = grid(40, 1200, quick ? 8 : 16, true).map(Math.round);

  // (a) + (c): the checks' own simulation (debiased steps, control-variate means) at this figure's n grid
  const points = ns.map((n) => ({ ...base, n }));
  const sims = simulateGdPoints(points, trials, deriveSeed(seed, "notebook/gd-steps/n-grid"), tick);
  const w1 = compare("cosW1", points, sims, predictedCosW1, () => G1_ALLOWANCE);
  const q1 = compare("cosQ1", points, sims, predictedCosQ1, () => G2_ALLOWANCE);
  const aTraces: Trace[] = [];
  const thW1 = dense.map((n) => predictedCosW1({ ...base, n }));
  const thQ1 = dense.map((n) => predictedCosQ1({ ...base, n }));
  tick();
  aTraces.push(line("cos(w1, w⋆): G1 (exact)", dense, thW1, seriesColor(0)), markers("cos(w1, w⋆): simulation", ns, w1.map((r) => r.mean), w1.map((r) => r.stderr), seriesColor(0), { showlegend: false }));
  aTraces.push(line("cos(q1, q⋆): G2", dense, thQ1, seriesColor(1)), markers("cos(q1, q⋆): simulation", ns, q1.map((r) => r.mean), q1.map((r) => r.stderr), seriesColor(1), { showlegend: false }));
  aTraces.push(simulationKey());
  const aRows: Figure["rows"] = ns.map((n, i) => ({ n, ...fixed, ζ: base.k / base.T, cosW1Theory: w1[i]!.theory, cosW1Sim: w1[i]!.mean, cosW1Stderr: w1[i]!.stderr, cosW1Z: w1[i]!.z, cosQ1Theory: q1[i]!.theory, cosQ1Sim: q1[i]!.mean, cosQ1Stderr: q1[i]!.stderr, cosQ1Z: q1[i]!.z, trials: w1[i]!.trials }));
  const figA: Figure = {
    id: "g1-g2-alignment-vs-n",
    title: "(a) Alignment of the first head step w1 with w⋆ and of the prompt step q1 with q⋆, against n",
    caption: `${paramText(fixed)}: both alignments rise with n, q1 lagging w1 since it is built on w1. Markers (${trials} trials per point, control-variate means): for cos(w1, w⋆) ${agreementSentence(w1, rule("G1", G1_ALLOWANCE))}; for cos(q1, q⋆) ${agreementSentence(q1, rule("G2", G2_ALLOWANCE))}. ${verdictText(g1)}; ${verdictText(g2)}.`,
    claims: ["G1", "G2"], params: fixed, seed, trials,
    traces: aTraces,
    layout: { xaxis: logAxis("n (samples per step)", dense), yaxis: { title: { text: "cosine" }, range: [0, 1] }, legend: LEGEND_BELOW },
    rows: aRows,
  };

  // (b) attention mass against n for several ζ
  const ks = quick ? [1, 4] : [1, 2, 4];
  const bTraces: Trace[] = [], bRows: Figure["rows"] = [];
  const bAll: ReturnType<typeof compare> = [];
  const bNs = quick ? [100, 1000] : [60, 250, 1000];
  const bDense = grid(20, 1200, quick ? 6 : 14, true).map(Math.round);
  ks.forEach((k, ci) => {
    const pk = { ...base, k };
    const color = seriesColor(ci + 2);
    bTraces.push(line(`ζ = ${k}/${base.T}: G3`, bDense, bDense.map((n) => predictedAttentionMass({ ...pk, n })), color, { legendgroup: `k${k}` }));
    bTraces.push(line(`ζ = ${k}/${base.T}: uniform attention (q = 0)`, [bDense[0]!, bDense.at(-1)!], [k / base.T, k / base.T], color, { line: { dash: "dot", width: 1.5 }, legendgroup: `k${k}`, showlegend: false }));
    const pts = bNs.map((n) => ({ ...pk, n }));
    const rows = compare("attentionMass", pts, simulateGdPoints(pts, trials, deriveSeed(seed, "notebook/gd-steps/attention-mass", k), tick), predictedAttentionMass, () => G3_ATTENTION_ALLOWANCE);
    bAll.push(...rows);
    rows.forEach((r, j) => bRows.push({ k, zeta: k / base.T, n: bNs[j]!, theory: r.theory, simMean: r.mean, simStderr: r.stderr, uniform: k / base.T, trials: r.trials, z: r.z, pass: r.pass }));
    bTraces.push(markers(`ζ = ${k}/${base.T}: simulation`, bNs, rows.map((r) => r.mean), rows.map((r) => r.stderr), color, { legendgroup: `k${k}`, showlegend: false }));
  });
  bTraces.push(simulationKey(), { type: "scatter", mode: "lines", name: "dotted: uniform attention ζ (q = 0)", x: [null], y: [null], line: { dash: "dot", width: 1.5, color: REFERENCE_COLOR }, hoverinfo: "skip" });
  const lift = bRows.filter((r) => r.n === bNs.at(-1)).map((r) => `${f3(r.simMean as number)} vs ${f3(r.uniform as number)} at ζ = ${r.k}/${base.T}`);
  const bParams = { ...fixed, k: ks.join(", "), ζ: ks.map((k) => `${k}/${base.T}`).join(", ") };
  const figB: Figure = {
    id: "g3-attention-mass-vs-n",
    title: "(b) Attention mass on the relevant tokens after the prompt step, against n, for several ζ",
    caption: `${paramText(bParams)}. After one prompt step the softmax puts more than the uniform share ζ (dotted) on the relevant tokens, and more as n grows (at n = ${bNs.at(-1)}: ${lift.join("; ")}); sparser context (smaller ζ) gives a weaker prompt step (its signal scales as ζ²(1−ζ)). Markers (${trials} trials per point): ${agreementSentence(bAll, rule("G3", G3_ATTENTION_ALLOWANCE))}; ${verdictText(g3)}.`,
    claims: ["G3"], params: bParams, seed, trials,
    traces: bTraces,
    layout: { xaxis: logAxis("n", bDense), yaxis: { title: { text: "E[S_R(q1)]" }, range: [0, 1] }, legend: LEGEND_BELOW },
    rows: bRows,
  };

  // (c) test error, plain (the checks' comparison) and debiased
  const err = compare("testError", points, sims, predictTestError, () => G3_ERROR_ALLOWANCE);
  tick();
  const cRows: Figure["rows"] = ns.map((n, i) => {
    const s = sims[i]!, r = err[i]!;
    return { n, theory: r.theory, theoryStderr: r.theoryStderr, plainSim: r.mean, plainStderr: r.stderr, z: r.z, pass: r.pass, debiasedSim: s.debiased!.testError.mean, debiasedStderr: s.debiased!.testError.stderr, reduction: s.debiased!.testErrorReduction.mean, reductionStderr: s.debiased!.testErrorReduction.stderr, trials: r.trials };
  });
  const red = sims.map((s) => s.debiased!.testErrorReduction);
  const lowered = red.filter((r) => r.mean > 3 * r.stderr).length;
  const figC: Figure = {
    id: "g3-test-error-vs-n",
    title: "(c) Test error of (q1, w2) against n: the three steps, and with the debiasing step",
    caption: `${paramText(fixed)}. The plain steps' error falls with n; markers (${trials} trials per point; bars combine the simulation's and the prediction's stderr): ${agreementSentence(err, rule("G3", G3_ERROR_ALLOWANCE))}; ${verdictText(g3)}. Debiasing (centered labels in every step, head projected off the prompt direction) lowers the error by more than 3 paired stderr at ${lowered} of ${red.length} sizes; the paired reductions are ${red.map((r) => `${f3(r.mean)} ± ${f3(r.stderr)}`).join(", ")}.`,
    claims: ["G3"], params: fixed, seed, trials,
    traces: [
      line("plain: G3 prediction", ns, err.map((r) => r.theory), seriesColor(0)),
      markers("plain: simulation", ns, err.map((r) => r.mean), err.map((r) => Math.hypot(r.stderr, r.theoryStderr)), seriesColor(0)),
      markers("debiased: simulation (no prediction)", ns, sims.map((s) => s.debiased!.testError.mean), sims.map((s) => s.debiased!.testError.stderr), seriesColor(1), { mode: "lines+markers", line: { dash: "dot" } }),
    ],
    layout: { xaxis: logAxis("n", ns, { exact: true }), yaxis: { title: { text: "test error" }, range: [0, 0.5] }, legend: LEGEND_BELOW },
    rows: cRows,
  };

  // (d) sample complexity: G4's check, drawn
  const names: Record<G4Axis, string> = { d: "d", T: "T", zeta: "ζ" };
  const dTraces: Trace[] = [], dRows: Figure["rows"] = [];
  const ev4 = g4.evidence;
  (["d", "T", "zeta"] as const).forEach((axis, ci) => {
    const color = seriesColor(ci);
    const pts = ev4.points.filter((p) => p.axis === axis);
    const x0 = pts.find((p) => p.params.d === 64 && p.params.T === 16 && p.params.k === 2)?.x ?? pts[0]!.x;
    const rx = pts.map((p) => p.x / x0);
    const sl = ev4.slopes.find((s) => s.axis === axis)!;
    dTraces.push(line(`${names[axis]}: predicted n⋆ (slope ${sl.predicted.toFixed(2)})`, rx, pts.map((p) => p.predicted), color, { legendgroup: axis }));
    dTraces.push({
      type: "scatter", mode: "markers", name: `${names[axis]}: measured (slope ${sl.measured.slope.toFixed(2)} [${sl.measured.lo.toFixed(2)}, ${sl.measured.hi.toFixed(2)}])`, x: rx, y: pts.map((p) => p.measured.nStar), legendgroup: axis,
      marker: { color, size: 9, symbol: "circle-open", line: { width: 2, color } },
      error_y: { type: "data", symmetric: false, array: pts.map((p) => p.measured.nStar * (Math.exp(2 * p.measured.logStderr) - 1)), arrayminus: pts.map((p) => p.measured.nStar * (1 - Math.exp(-2 * p.measured.logStderr))), visible: true, color },
    });
    for (const p of pts) dRows.push({ axis, d: p.params.d, T: p.params.T, k: p.params.k, zeta: p.params.k / p.params.T, c: p.params.c, r: p.params.r, sigma: p.params.sigma, predicted: p.predicted, measured: p.measured.nStar, logStderr: p.measured.logStderr, trials: p.measured.trials, z: p.z, pass: p.pass });
  });
  const slopeText = ev4.slopes.map((s) => `${names[s.axis]}: ${s.measured.slope.toFixed(3)} [${s.measured.lo.toFixed(3)}, ${s.measured.hi.toFixed(3)}] (predicted ${s.predicted.toFixed(3)}, asymptotic ${s.asymptotic})`).join("; ");
  const p4 = ev4.points[0]!.params;
  const dParams = { target: ev4.target, "base d": 64, "base T": 16, "base ζ": "2/16", c: p4.c, r: p4.r, σ: p4.sigma, ρ: 0 };
  const allRel = dTraces.flatMap((t) => t.x as number[]);
  const allN = ev4.points.flatMap((p) => [p.predicted, p.measured.nStar]);
  const figD: Figure = {
    id: "g4-sample-complexity",
    title: `(d) Samples n⋆ needed for E[cos(w1, w⋆)] ≥ ${ev4.target}, against d, T and ζ (relative to d = 64, T = 16, ζ = 2/16)`,
    caption: `${paramText(dParams)}; ${ev4.trials} trials per checkpoint. Measured log-log slopes with 95% intervals — ${slopeText}; ${ev4.slopes.every((s) => s.pass) ? "every measured slope agrees with the prediction within 3 stderr" : "some measured slopes differ from the prediction by more than 3 stderr"}, and ${ev4.points.filter((p) => p.pass).length} of ${ev4.points.length} measured n⋆ agree with G1's exact prediction. ${verdictText(g4)}.`,
    claims: ["G4"], params: dParams, seed, trials: ev4.trials,
    traces: dTraces,
    layout: { xaxis: logAxis("d/64, T/16 or ζ/(2/16)", allRel), yaxis: logAxis("n⋆", allN), legend: LEGEND_BELOW },
    rows: dRows,
  };

  // (e) prompt-tuning against fine-tuning: G5's check, drawn (one colour per model, one dash per d)
  const ev5 = g5.evidence;
  const target = ev5.errorLine;
  const o = ev5.perD[0]!.options;
  const ns5 = ev5.perD.flatMap((r) => r.options.ns);
  const reach = (x: number, ns: number[]) => (!Number.isFinite(x) ? `n > ${ns.at(-1)}` : x === ns[0] ? `n ≤ ${x} (the smallest size tried)` : `n ≈ ${Math.round(x)}`);
  const law5 = ev5.law;
  const eParams = { d: ev5.ds.join(" and "), T: law5.T, k: law5.k, c: law5.c, r: law5.r, σ: law5.sigma, ρ: 0, "test inputs": o.testSize, "learning rate": o.lr, "max steps": o.maxSteps, "gradient tol": o.tol, l2: o.l2 };
  const perDText = ev5.perD.map((r) => `at d = ${r.d}, SPA (${r.parameters.spa} parameters) reaches error ${target} at ${reach(r.samplesToReach.spa, r.options.ns)} and SSA (${r.parameters.ssa}) at ${reach(r.samplesToReach.ssa, r.options.ns)}, pooled paired gap SSA − SPA over n ≥ 20 ${f3(r.pooledGapAtNge20.mean)} ± ${f3(r.pooledGapAtNge20.stderr)}`).join("; ");
  const dashes = ["solid", "dot"] as const;
  const figE: Figure = {
    id: "g5-prompt-vs-fine-tuning",
    title: "(e) Prompt-tuning (SPA: q, w) against fine-tuning (SSA: W, w), trained by gradient descent",
    caption: `${paramText(eParams)}; ${o.trials} trials (independent training sets) per point, so the bars (±2·stderr) rest on ${o.trials} runs each; solid lines d = ${ev5.ds[0]}, dotted d = ${ev5.ds[1]}. ${perDText.charAt(0).toUpperCase()}${perDText.slice(1)}. ${verdictText(g5)}.`,
    claims: ["G5"], params: eParams, seed: o.seed, trials: o.trials,
    traces: [
      ...ev5.perD.flatMap((r, i) => [
        markers(`SPA (prompt-tuning), d = ${r.d}`, r.options.ns, r.points.map((p) => p.spa.mean), r.points.map((p) => p.spa.stderr), MODEL_COLOR.SPA, { mode: "lines+markers", line: { dash: dashes[i % 2] } }),
        markers(`SSA (fine-tuning), d = ${r.d}`, r.options.ns, r.points.map((p) => p.ssa.mean), r.points.map((p) => p.ssa.stderr), MODEL_COLOR.SSA, { mode: "lines+markers", line: { dash: dashes[i % 2] } }),
      ]),
      line(`error ${target} (G5's threshold)`, [Math.min(...ns5), Math.max(...ns5)], [target, target], REFERENCE_COLOR, { line: { dash: "dash", width: 1.5 } }),
    ],
    layout: { xaxis: logAxis("n", [...new Set(ns5)].sort((a, b) => a - b), { exact: true }), yaxis: { title: { text: "test error" }, range: [0, 0.5] }, legend: LEGEND_BELOW },
    rows: ev5.perD.flatMap((r) => r.points.map((p) => ({ d: r.d, n: p.n, spa: p.spa.mean, spaStderr: p.spa.stderr, ssa: p.ssa.mean, ssaStderr: p.ssa.stderr, gap: p.gap.mean, gapStderr: p.gap.stderr, convergedSpa: p.convergedSpa, convergedSsa: p.convergedSsa, trials: r.options.trials, target }))),
  };

  onProgress?.(1);
  const section: Section = {
    id: "gd-steps",
    title: "The first steps of gradient descent (G1–G5)",
    intro: `Law G with isotropic noise and ρ = 0; the three steps w1 → q1 → w2 on independent sets of n inputs (docs/theory.md §5), ${trials} Monte Carlo trials per point (±2·stderr), compared by the checks' own rule. ${[g1, g2, g3, g4, g5].map(verdictText).join("; ")}.`,
    figures: [figA, figB, figC, figD, figE],
  };
  return section;
};
