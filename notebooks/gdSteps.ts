/**
 * Report section for G1–G5: the first steps of gradient descent.
 * (a) cos(w1, w⋆) and cos(q1, q⋆) against n; (b) attention mass on the relevant tokens after the
 * prompt step against n for several ζ; (c) test error of (q1, w2) against n, plain and debiased;
 * (d) sample complexity n⋆ against d, T and ζ with fitted log-log slopes; (e) G5 learning curves,
 * prompt-tuning (SPA) against fine-tuning (SSA). Theory: lines; Monte Carlo: markers ±2·stderr.
 */
import type { Figure, Notebook, Section } from "../src/report/types.ts";
import { agreementSentence, grid, line, markers, type Comparison, type Trace } from "../src/report/plot.ts";
import { predictedAttentionMass, predictedCosQ1, predictedCosW1, predictedTestError, type GdParams } from "../src/theory/gdSteps.ts";
import { simulateGdSteps } from "../src/sim/gdSteps.ts";
import { promptVsFineTuning } from "../src/sim/promptVsFineTuning.ts";
import { G2_ALLOWANCE } from "../theorems/G2.ts";
import { G3_ATTENTION_ALLOWANCE, G3_ERROR_ALLOWANCE, G3_THEORY_DRAWS } from "../theorems/G3.ts";
import { G4_TARGET, measureG4, type G4Axis } from "../theorems/G4.ts";
import { G5_LAW, G5_TARGET, g5Options, samplesToReach } from "../theorems/G5.ts";

const f3 = (x: number) => x.toFixed(3);

export const gdStepsNotebook: Notebook = async ({ quick, seed, onProgress }) => {
  let done = 0;
  const total = quick ? 16 : 30;
  const tick = () => onProgress?.(Math.min(1, ++done / total));
  const base: Omit<GdParams, "n"> = { d: 48, T: 12, k: 2, c: 1, r: 1.2, sigma: 1, eta: 1, beta: 80 };
  const ns = quick ? [60, 250, 1000] : [60, 120, 250, 500, 1000];
  const trials = quick ? 6 : 24;
  const dense = grid(40, 1200, quick ? 8 : 16, true).map(Math.round);

  // (a) + (c): one simulation per n at the base point, plain and debiased steps
  const sims = ns.map((n, i) => {
    const s = simulateGdSteps({ ...base, n, debias: true }, trials, seed * 7000 + i);
    tick();
    return s;
  });
  const aComp: Comparison[] = [], aRows: Figure["rows"] = [];
  const aTraces: Trace[] = [];
  const thW1 = dense.map((n) => predictedCosW1({ ...base, n }));
  const thQ1 = dense.map((n) => predictedCosQ1({ ...base, n }));
  tick();
  aTraces.push(line("cos(w1, w⋆): G1 (exact)", dense, thW1, 0), markers("cos(w1, w⋆): simulation", ns, sims.map((s) => s.cosW1.mean), sims.map((s) => s.cosW1.stderr), 0, { showlegend: false }));
  aTraces.push(line("cos(q1, q⋆): G2", dense, thQ1, 1), markers("cos(q1, q⋆): simulation", ns, sims.map((s) => s.cosQ1.mean), sims.map((s) => s.cosQ1.stderr), 1, { showlegend: false }));
  ns.forEach((n, i) => {
    const p = { ...base, n }, s = sims[i]!;
    const w = predictedCosW1(p), q = predictedCosQ1(p);
    aComp.push({ theory: w, mean: s.cosW1.mean, stderr: s.cosW1.stderr, allowance: 0 }, { theory: q, mean: s.cosQ1.mean, stderr: s.cosQ1.stderr, allowance: G2_ALLOWANCE });
    aRows.push({ n, d: base.d, T: base.T, k: base.k, cosW1Theory: w, cosW1Sim: s.cosW1.mean, cosW1Stderr: s.cosW1.stderr, cosQ1Theory: q, cosQ1Sim: s.cosQ1.mean, cosQ1Stderr: s.cosQ1.stderr, trials });
  });
  const figA: Figure = {
    id: "g1-g2-alignment-vs-n",
    title: "(a) Alignment of the first head step w1 with w⋆ and of the prompt step q1 with q⋆, against n",
    caption: `d = ${base.d}, T = ${base.T}, ζ = ${base.k}/${base.T}, c = ${base.c}, r = ${base.r}, σ = ${base.sigma}, β = ${base.beta}: both alignments rise with n, q1 lagging w1 since it is built on w1; ${agreementSentence(aComp, "0 (G1) / 0.006 (G2)")}.`,
    traces: aTraces,
    layout: { xaxis: { title: { text: "n (samples per step)" }, type: "log" }, yaxis: { title: { text: "cosine" }, range: [0, 1] } },
    rows: aRows,
  };

  // (b) attention mass against n for several ζ
  const ks = quick ? [1, 4] : [1, 2, 4];
  const bTraces: Trace[] = [], bRows: Figure["rows"] = [], bComp: Comparison[] = [];
  const bNs = quick ? [100, 1000] : [60, 250, 1000];
  const bDense = grid(40, 1200, quick ? 6 : 12, true).map(Math.round);
  ks.forEach((k, ci) => {
    const pk = { ...base, k };
    bTraces.push(line(`ζ = ${k}/${base.T}: G3`, bDense, bDense.map((n) => predictedAttentionMass({ ...pk, n })), ci + 2, { legendgroup: `k${k}` }));
    bTraces.push(line(`ζ = ${k}/${base.T}: uniform attention (q = 0)`, [bDense[0]!, bDense.at(-1)!], [k / base.T, k / base.T], ci + 2, { line: { dash: "dot", width: 1 }, legendgroup: `k${k}`, showlegend: false }));
    const means: number[] = [], errs: number[] = [];
    for (const n of bNs) {
      const s = k === base.k && ns.includes(n) ? sims[ns.indexOf(n)]! : simulateGdSteps({ ...pk, n }, trials, seed * 9000 + 10 * k + n);
      const th = predictedAttentionMass({ ...pk, n });
      means.push(s.attentionMass.mean);
      errs.push(s.attentionMass.stderr);
      bComp.push({ theory: th, mean: s.attentionMass.mean, stderr: s.attentionMass.stderr, allowance: G3_ATTENTION_ALLOWANCE });
      bRows.push({ k, zeta: k / base.T, n, theory: th, simMean: s.attentionMass.mean, simStderr: s.attentionMass.stderr, uniform: k / base.T, trials });
      tick();
    }
    bTraces.push(markers(`ζ = ${k}/${base.T}: simulation`, bNs, means, errs, ci + 2, { legendgroup: `k${k}`, showlegend: false }));
  });
  const lift = bRows.filter((r) => r.n === bNs.at(-1)).map((r) => `${f3(r.simMean as number)} vs ${f3(r.uniform as number)} at ζ = ${r.k}/${base.T}`);
  const figB: Figure = {
    id: "g3-attention-mass-vs-n",
    title: "(b) Attention mass on the relevant tokens after the prompt step, against n, for several ζ",
    caption: `After one prompt step the softmax puts more than the uniform share ζ on the relevant tokens, and more as n grows (at n = ${bNs.at(-1)}: ${lift.join("; ")}); sparser context (smaller ζ) gives a weaker prompt step (its signal scales as ζ²(1−ζ)); ${agreementSentence(bComp, "0.004")}.`,
    traces: bTraces,
    layout: { xaxis: { title: { text: "n" }, type: "log" }, yaxis: { title: { text: "E[S_R(q1)]" }, range: [0, 1] } },
    rows: bRows,
  };

  // (c) test error, plain and debiased
  const cComp: Comparison[] = [], cRows: Figure["rows"] = [];
  const thErr = ns.map((n) => predictedTestError({ ...base, n }, { draws: G3_THEORY_DRAWS }));
  tick();
  ns.forEach((n, i) => {
    const s = sims[i]!;
    cComp.push({ theory: thErr[i]!.error, mean: s.testError.mean, stderr: Math.hypot(s.testError.stderr, thErr[i]!.stderr), allowance: G3_ERROR_ALLOWANCE });
    cRows.push({ n, theory: thErr[i]!.error, theoryStderr: thErr[i]!.stderr, plainSim: s.testError.mean, plainStderr: s.testError.stderr, debiasedSim: s.debiased!.testError.mean, debiasedStderr: s.debiased!.testError.stderr, reduction: s.debiased!.testErrorReduction.mean, reductionStderr: s.debiased!.testErrorReduction.stderr, trials });
  });
  const red = sims.map((s) => s.debiased!.testErrorReduction);
  const lowered = red.filter((r) => r.mean > 2 * r.stderr).length;
  const figC: Figure = {
    id: "g3-test-error-vs-n",
    title: "(c) Test error of (q1, w2) against n: the three steps, and with the debiasing step",
    caption: `The plain steps' error falls with n; ${agreementSentence(cComp, "0.004")}. Debiasing (centered labels in every step, head projected off the prompt direction) lowers the error by more than 2 paired stderr at ${lowered} of ${red.length} sizes; the paired reductions are ${red.map((r) => `${f3(r.mean)} ± ${f3(r.stderr)}`).join(", ")}.`,
    traces: [
      line("plain: G3 prediction", ns, thErr.map((e) => e.error), 0),
      markers("plain: simulation", ns, sims.map((s) => s.testError.mean), sims.map((s) => s.testError.stderr), 0),
      markers("debiased: simulation", ns, sims.map((s) => s.debiased!.testError.mean), sims.map((s) => s.debiased!.testError.stderr), 1, { mode: "lines+markers" }),
    ],
    layout: { xaxis: { title: { text: "n" }, type: "log" }, yaxis: { title: { text: "test error" }, range: [0, 0.5] } },
    rows: cRows,
  };

  // (d) sample complexity
  const g4 = measureG4(quick, quick ? 4 : 8, seed * 7919, tick);
  const dTraces: Trace[] = [], dRows: Figure["rows"] = [];
  const names: Record<G4Axis, string> = { d: "d", T: "T", zeta: "ζ" };
  (["d", "T", "zeta"] as const).forEach((axis, ci) => {
    const pts = g4.points.filter((p) => p.axis === axis);
    const x0 = pts.find((p) => p.params.d === 64 && p.params.T === 16 && p.params.k === 2)?.x ?? pts[0]!.x;
    const rx = pts.map((p) => p.x / x0);
    const sl = g4.slopes.find((s) => s.axis === axis)!;
    dTraces.push(line(`${names[axis]}: predicted n⋆ (slope ${sl.predicted.toFixed(2)})`, rx, pts.map((p) => p.predicted), ci));
    dTraces.push({
      type: "scatter", mode: "markers", name: `${names[axis]}: measured (slope ${sl.measured.slope.toFixed(2)} [${sl.measured.lo.toFixed(2)}, ${sl.measured.hi.toFixed(2)}])`, x: rx, y: pts.map((p) => p.measured.nStar),
      marker: { color: undefined, size: 8, symbol: "circle-open", line: { width: 2 } },
      error_y: { type: "data", symmetric: false, array: pts.map((p) => p.measured.nStar * (Math.exp(2 * p.measured.logStderr) - 1)), arrayminus: pts.map((p) => p.measured.nStar * (1 - Math.exp(-2 * p.measured.logStderr))), visible: true },
    });
    for (const p of pts) dRows.push({ axis, d: p.params.d, T: p.params.T, k: p.params.k, zeta: p.params.k / p.params.T, predicted: p.predicted, measured: p.measured.nStar, logStderr: p.measured.logStderr, trials: p.measured.trials });
  });
  const slopeText = g4.slopes.map((s) => `${names[s.axis]}: ${s.measured.slope.toFixed(3)} [${s.measured.lo.toFixed(3)}, ${s.measured.hi.toFixed(3)}] (predicted ${s.predicted.toFixed(3)}, asymptotic ${s.asymptotic})`).join("; ");
  const figD: Figure = {
    id: "g4-sample-complexity",
    title: `(d) Samples n⋆ needed for E[cos(w1, w⋆)] ≥ ${G4_TARGET}, against d, T and ζ (relative to d = 64, T = 16, ζ = 1/8)`,
    caption: `Measured log-log slopes with 95% intervals — ${slopeText}; ${g4.slopes.every((s) => s.pass) ? "every measured slope agrees with the prediction within 3 stderr" : "some measured slopes differ from the prediction by more than 3 stderr"}, and ${g4.points.filter((p) => p.pass).length} of ${g4.points.length} measured n⋆ agree with G1's exact prediction.`,
    traces: dTraces,
    layout: { xaxis: { title: { text: "d/64, T/16 or ζ/(1/8)" }, type: "log" }, yaxis: { title: { text: "n⋆" }, type: "log" } },
    rows: dRows,
  };

  // (e) prompt-tuning against fine-tuning
  const o = quick ? { ...g5Options(true, seed * 104729), ns: [20, 80], trials: 1 } : g5Options(false, seed * 104729);
  const g5 = promptVsFineTuning(G5_LAW, o, tick);
  const nSpa = samplesToReach(g5, "spa", G5_TARGET), nSsa = samplesToReach(g5, "ssa", G5_TARGET);
  const reach = (x: number) => (!Number.isFinite(x) ? `n > ${o.ns.at(-1)}` : x === o.ns[0] ? `n ≤ ${x} (the smallest size tried)` : `n ≈ ${Math.round(x)}`);
  const figE: Figure = {
    id: "g5-prompt-vs-fine-tuning",
    title: "(e) Prompt-tuning (SPA: q, w) against fine-tuning (SSA: W, w), trained by gradient descent",
    caption: `d = ${G5_LAW.d}, T = ${G5_LAW.T}, k = ${G5_LAW.k}, c = ${G5_LAW.c}, r = ${G5_LAW.r}: SPA (${2 * G5_LAW.d} parameters) reaches error ${G5_TARGET} at ${reach(nSpa)}, SSA (${G5_LAW.d ** 2 + G5_LAW.d} parameters) at ${reach(nSsa)}; SPA's error is lower at ${g5.filter((p) => p.gap.mean > 0).length} of ${g5.length} sizes (paired gaps SSA − SPA: ${g5.map((p) => f3(p.gap.mean)).join(", ")}). Runs stopping at the ${o.maxSteps}-step cap before the gradient norm reached ${o.tol}: SPA ${f3(1 - g5.reduce((s, p) => s + p.convergedSpa, 0) / g5.length)}, SSA ${f3(1 - g5.reduce((s, p) => s + p.convergedSsa, 0) / g5.length)} of runs.`,
    traces: [
      markers("SPA (prompt-tuning)", o.ns, g5.map((p) => p.spa.mean), g5.map((p) => p.spa.stderr), 0, { mode: "lines+markers" }),
      markers("SSA (fine-tuning)", o.ns, g5.map((p) => p.ssa.mean), g5.map((p) => p.ssa.stderr), 1, { mode: "lines+markers" }),
    ],
    layout: { xaxis: { title: { text: "n" }, type: "log" }, yaxis: { title: { text: "test error" }, range: [0, 0.5] } },
    rows: g5.map((p) => ({ n: p.n, spa: p.spa.mean, spaStderr: p.spa.stderr, ssa: p.ssa.mean, ssaStderr: p.ssa.stderr, gap: p.gap.mean, gapStderr: p.gap.stderr, convergedSpa: p.convergedSpa, convergedSsa: p.convergedSsa, trials: o.trials })),
  };

  onProgress?.(1);
  const all = [...aComp, ...bComp, ...cComp];
  const section: Section = {
    id: "gd-steps",
    title: "The first steps of gradient descent (G1–G5)",
    intro: `Law G with isotropic noise and ρ = 0; the three steps w1 → q1 → w2 on independent sets of n inputs (THEORY.md §5), ${trials} Monte Carlo trials per point (±2·stderr). Over figures (a)–(c), ${agreementSentence(all, "per quantity: 0, 0.006, 0.004, 0.004")}.`,
    figures: [figA, figB, figC, figD, figE],
  };
  return section;
};
