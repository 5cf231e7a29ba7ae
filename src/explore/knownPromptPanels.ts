/**
 * The three known-prompt panels: error against n/d across the interpolation peak, error and r_eff
 * against θ for SPA, LPA and UNI, error against λ with its λ → ∞ limit. With context-clean noise
 * their values are K2 (evaluated on the page, instantly); with isotropic noise they are K5
 * (evaluated in a worker), and the K2-only limits and r_eff are left out.
 */
import type { KnownPromptPoint } from "../params/point.ts";
import type { Pool } from "../models/promptAttention.ts";
import { knownPromptTheory } from "../theory/knownPrompt.ts";
import { MODEL, baseLayout, grid, lineTrace, logTicks, niceCeil, thetaAxis, type Trace } from "./plotting.ts";
import { cliLoop, fixedText, type PanelPlan, type SeriesPlan } from "./plan.ts";

const POOLS: Pool[] = ["softmax", "linear", "uniform"];
const k2 = (p: KnownPromptPoint) => knownPromptTheory(p);

/** The models a θ allows: LPA has no θ = ∞. */
const modelsAt = (theta: number) => POOLS.filter((pool) => theta !== Infinity || pool === "softmax");

function series(pool: Pool, quantity: "error" | "rEff", xs: number[], at: (x: number) => KnownPromptPoint, extra: Partial<SeriesPlan> = {}): SeriesPlan {
  const m = MODEL[pool];
  return { key: `${m.name}-${quantity}`, label: quantity === "error" ? `${m.name} error` : `${m.name} r_eff`, color: m.color, quantity, xs, points: xs.map(at), ...extra };
}

function engineOf(p: KnownPromptPoint) {
  return p.noise === "isotropic" ? "k5" as const : "k2" as const;
}

function theoryName(p: KnownPromptPoint) {
  return p.noise === "isotropic" ? "K5, isotropic noise" : "K2, context-clean noise";
}

/** A filled marker at the controls' own point, on the current model's curve. */
function currentMarker(p: KnownPromptPoint, x: number): Trace[] {
  if (p.noise === "isotropic") return [];
  return [{ type: "scatter", mode: "markers", name: "controls' point", x: [x], y: [k2(p).error], marker: { color: MODEL[p.pool].color, size: 11, symbol: "diamond" } }];
}

export function nOverDPanel(p: KnownPromptPoint): PanelPlan {
  // denser beside n = d, where the ridgeless error climbs to its peak
  const nearPeak = [1, 2, 4, 8, 16, 32].flatMap((j) => [p.d * (1 - 0.01 * j), p.d * (1 + 0.01 * j), p.d - j, p.d + j]);
  const ns = [...new Set([...grid(0.1, 10, 41, true).map((r) => r * p.d), ...nearPeak].map((n) => Math.max(1, Math.round(n))).filter((n) => n >= 0.1 * p.d && n <= 10 * p.d).concat(p.n))]
    .filter((n) => n <= 1e7 && !(p.lambda === 0 && n === p.d)).sort((a, b) => a - b);
  const s = modelsAt(p.theta).map((pool) => series(pool, "error", ns, (n) => ({ ...p, pool, n })));
  const extras: Trace[] = [];
  if (p.noise !== "isotropic") {
    for (const pool of modelsAt(p.theta)) {
      const lim = k2({ ...p, pool }).bayesPooled;
      extras.push(lineTrace(`${MODEL[pool].name} n/d → ∞: Q(r_eff)`, [0.1, 10], [lim, lim], MODEL[pool].color, { line: { color: MODEL[pool].color, width: 1, dash: "dash" } }));
    }
  }
  extras.push({ type: "scatter", mode: "lines", name: "n = d", x: [1, 1], y: [0, 0.5], line: { color: "#888", width: 1, dash: "dot" }, showlegend: false, hoverinfo: "skip" });
  extras.push(...currentMarker(p, p.n / p.d));
  const peak = p.lambda === 0 ? " The ridgeless error reaches 1/2 at n = d (not drawn: the least-squares system is singular there)." : "";
  return {
    id: "n-over-d", title: "Test error against n/d across the interpolation peak", param: "n", engine: engineOf(p), series: s,
    plotX: (n) => n / p.d,
    layout: baseLayout({ title: { text: "n / d" }, type: "log", range: [Math.log10(0.09), Math.log10(11)], ...logTicks(0.1, 10) }, { title: { text: "test error" }, range: [0, 0.55] }),
    extras,
    caption: `${theoryName(p)}${p.noise === "isotropic" ? " (the n/d → ∞ limit is drawn for K2 only)" : "; dashed: the n/d → ∞ limit Q(r_eff)"}.${peak} Fixed: ${fixedText(p, ["n", "pool", "noise"])}.`,
    cli: s.map((x) => cliLoop("theory known-prompt", "n", x)).join("\n"),
  };
}

export function thetaPanel(p: KnownPromptPoint): PanelPlan {
  // dense where softmax sharpens (θc up to 8), sparse beyond, out to the controls' θ
  const finite = p.theta === Infinity ? 0 : p.theta;
  // the axis ends at 1, 2 or 5 × 10^j, so it holds still while θ moves within it
  const dense = 8 / p.c, hi = Math.max(dense, finite > 0 ? niceCeil(1.25 * finite, [1, 2, 5]) : 0);
  const inf = hi * 1.12;
  const thetas = [...new Set([...grid(0, dense, 33), ...(hi > dense ? grid(dense, hi, 9) : []), ...(finite > 0 ? [finite] : [])])].sort((a, b) => a - b);
  const iso = p.noise === "isotropic";
  const s: SeriesPlan[] = [];
  for (const pool of POOLS) {
    // LPA at θ = 0 pools nothing (error 1/2, a jump): its curve starts at the first positive θ
    const xs = pool === "softmax" ? [...thetas, Infinity] : pool === "linear" ? thetas.filter((t) => t > 0) : thetas;
    s.push(series(pool, "error", xs, (theta) => ({ ...p, pool, theta })));
    if (!iso) s.push(series(pool, "rEff", xs, (theta) => ({ ...p, pool, theta }), { y2: true, dash: "dot" }));
  }
  return {
    id: "theta", title: `Test error${iso ? "" : " and r_eff"} against the prompt norm θ for SPA, LPA and UNI`, param: "theta", engine: engineOf(p), series: s,
    plotX: (t) => (t === Infinity ? inf : t),
    layout: baseLayout(
      thetaAxis(hi, inf),
      { title: { text: iso ? "test error" : "test error (solid)" }, rangemode: "tozero" },
      iso ? {} : { yaxis2: { title: { text: "r_eff (dotted)" }, overlaying: "y", side: "right", rangemode: "tozero", showgrid: false, zeroline: false, tickmode: "auto", nticks: 6 } },
    ),
    extras: currentMarker(p, p.theta === Infinity ? inf : p.theta),
    caption: `${theoryName(p)}; SPA's θ = ∞ (hardmax) is drawn at the ∞ tick (square: error${iso ? "" : ", ×: r_eff"}); LPA at θ = 0 pools nothing (error 1/2), so its curve starts at the first θ > 0. Fixed: ${fixedText(p, ["theta", "pool", "noise"])}.`,
    cli: s.filter((x) => x.quantity === "error").map((x) => cliLoop("theory known-prompt", "theta", x)).join("\n"),
  };
}

export function lambdaPanel(p: KnownPromptPoint): PanelPlan {
  // λ matters through λ̃ = λ/(nσ²N²): span four decades either side of the current model's scale
  const N = k2(p).N;
  const scale = p.n * p.sigma * p.sigma * (N > 0 ? N * N : 1 / p.T);
  // whole decades, so the axis (and the grid) stays put while other sliders move the scale a little
  const lo = 10 ** Math.max(-12, Math.floor(Math.log10(scale) - 4)), hi = 10 ** Math.min(12, Math.ceil(Math.log10(scale) + 4));
  const lambdas = [...new Set([...grid(lo, hi, 4 * Math.round(Math.log10(hi / lo)) + 1, true), ...(p.lambda >= lo && p.lambda <= hi ? [p.lambda] : [])])].sort((a, b) => a - b);
  const models = modelsAt(p.theta);
  const s = models.map((pool) => series(pool, "error", lambdas, (lambda) => ({ ...p, pool, lambda })));
  const extras: Trace[] = [];
  if (p.noise !== "isotropic") {
    for (const pool of models) {
      const best = k2({ ...p, pool }).errorBestLambda;
      extras.push(lineTrace(`${MODEL[pool].name} λ → ∞ (matched filter)`, [lo, hi], [best, best], MODEL[pool].color, { line: { color: MODEL[pool].color, width: 1, dash: "dash" } }));
    }
    if (p.lambda >= lo && p.lambda <= hi) extras.push(...currentMarker(p, p.lambda));
  }
  return {
    id: "lambda", title: `Test error against the ridge penalty λ${p.noise === "isotropic" ? "" : ", with the λ → ∞ limit"}`, param: "lambda", engine: engineOf(p), series: s,
    plotX: (l) => l,
    // a little room either side, so the first tick label does not sit on the y axis' 0
    layout: baseLayout({ title: { text: "λ" }, type: "log", range: [Math.log10(lo) - 0.2, Math.log10(hi) + 0.2], ...logTicks(lo, hi) }, { title: { text: "test error" }, rangemode: "tozero" }),
    extras,
    caption: `${theoryName(p)}; ${p.noise === "isotropic" ? "the λ → ∞ limit is drawn for K2 only" : "dashed: the λ → ∞ limit Q(r_eff²/√(r_eff² + γ)), the infimum over λ"}. Fixed: ${fixedText(p, ["lambda", "pool", "noise"])}.`,
    cli: s.map((x) => cliLoop("theory known-prompt", "lambda", x)).join("\n"),
  };
}
