/**
 * The panels evaluated in a worker: K5's optimal prompt norm against hardmax and mean pooling,
 * and the G1–G3 predictions after the three gradient steps, against n.
 */
import type { GdStepsPoint, KnownPromptPoint } from "../params/point.ts";
import { MODEL, QUANTITY_COLORS, baseLayout, grid, lineTrace, logTicks, thetaAxis, type Trace } from "./plotting.ts";
import { cliCommand, cliLoop, fixedText, type PanelPlan, type SeriesPlan } from "./plan.ts";
import type { GdQuantity, K5Optimum } from "./adapter.ts";

export function k5Panel(controls: KnownPromptPoint): PanelPlan {
  const p: KnownPromptPoint = { ...controls, noise: "isotropic", pool: "softmax", theta: 0 };
  // θ* sits where θσ is of order 1 (a sharper softmax picks noise): the axis does not follow the controls' θ
  const hi = 4 / p.sigma;
  const inf = hi * 1.12;
  const xs = [...grid(0, hi, 25), Infinity];
  const s: SeriesPlan = { key: "SPA-error", label: "SPA error (K5)", color: MODEL.softmax.color, quantity: "error", xs, points: xs.map((theta) => ({ ...p, theta })) };
  const cliFlags = ["d", "n", "T", "k", "c", "r", "rho", "sigma", "lambda"] as const;
  return {
    id: "k5-optimum", title: "K5: the optimal prompt norm θ* against hardmax (θ = ∞) and mean pooling (θ = 0)", param: "theta", engine: "k5", series: [s],
    plotX: (t) => (t === Infinity ? inf : t),
    layout: baseLayout(thetaAxis(hi, inf), { title: { text: "test error" }, rangemode: "tozero" }),
    extras: [],
    caption: `K5 (isotropic noise: random attention weights), softmax pooling; the star is θ*, dashed lines the errors of hardmax and of mean pooling (the square at the ∞ tick is the curve's own θ = ∞). Fixed: ${fixedText(p, ["theta", "pool", "noise"])}.`,
    cli: `${cliCommand("optimal-theta", p, undefined, cliFlags)}\n${cliLoop("theory known-prompt", "theta", s)}`,
    optimum: p,
  };
}

/** θ*, hardmax and mean pooling, once the worker has found them. */
export function optimumTraces(o: K5Optimum, plotX: (t: number) => number, xHi: number): Trace[] {
  const flat = (name: string, y: number, color: string) => lineTrace(name, [0, xHi], [y, y], color, { line: { color, width: 1.5, dash: "dash" } });
  return [
    flat(`hardmax (θ = ∞): error ${o.errorHardmax.toFixed(4)}`, o.errorHardmax, "#555"),
    flat(`mean pooling (θ = 0): error ${o.errorMean.toFixed(4)}`, o.errorMean, "#aaa"),
    { type: "scatter", mode: "markers", name: `optimum θ* = ${o.theta === Infinity ? "∞" : o.theta.toPrecision(4)}: error ${o.error.toFixed(4)}`, x: [plotX(o.theta)], y: [o.error], marker: { symbol: "star", size: 15, color: MODEL.softmax.color, line: { color: "#000", width: 1 } } },
  ];
}

const GD_LABELS: Record<GdQuantity, string> = {
  cosW1: "cos(w1, w⋆) (G1)",
  cosQ1: "cos(q1, q⋆) (G2)",
  attentionMass: "attention mass E[S_R(q1)] (G3)",
  testError: "test error of (q1, w2) (G3)",
};

export function gdPanel(g: GdStepsPoint): PanelPlan {
  const ns = [...new Set([...grid(20, 5000, 9, true).map(Math.round), g.n])].sort((a, b) => a - b);
  const s: SeriesPlan[] = (Object.keys(GD_LABELS) as GdQuantity[]).map((quantity, i) => ({
    key: quantity, label: GD_LABELS[quantity], color: QUANTITY_COLORS[i]!, quantity, xs: ns, points: ns.map((n) => ({ ...g, n })),
  }));
  const zeta = g.k / g.T;
  return {
    id: "gd-steps", title: "G1–G3 after the three gradient steps: alignments, attention mass and test error against n", param: "n", engine: "gd", series: s,
    plotX: (n) => n,
    layout: baseLayout({ title: { text: "n (samples per step)" }, type: "log", ...logTicks(ns[0]!, ns.at(-1)!) }, { title: { text: "cosine, mass or error" }, range: [0, 1] }),
    extras: [
      lineTrace(`uniform attention ζ = ${Number(zeta.toPrecision(4))}`, [ns[0]!, ns.at(-1)!], [zeta, zeta], QUANTITY_COLORS[2]!, { line: { color: QUANTITY_COLORS[2], width: 1, dash: "dot" } }),
      { type: "scatter", mode: "lines", name: "controls' n", x: [g.n, g.n], y: [0, 1], line: { color: "#888", width: 1, dash: "dot" }, showlegend: false, hoverinfo: "skip" },
    ],
    caption: `Law G with isotropic noise and ρ = 0 (THEORY.md §5); the test error's Monte Carlo over the scores is seeded (seed 1), as on the command line. Fixed: ${fixedText(g, ["n"])}.`,
    cli: cliLoop("theory gd-steps", "n", s[0]!).replace(/^# .*\n/, "# cosW1, cosQ1, attentionMass, testError\n"),
  };
}
