/**
 * What a panel shows, before any number is computed: its series as lists of parameter points
 * (one per x), the limits drawn beside them, the caption naming every fixed parameter, and the
 * command line that recomputes the same values. Evaluation (K2 here, K5 and G in a worker) and
 * drawing are separate steps, so a panel is planned once per control change.
 */
import type { GdStepsPoint, KnownPromptPoint } from "../params/point.ts";
import type { GdQuantity } from "./adapter.ts";
import type { Layout, Trace } from "./plotting.ts";

export type PanelId = "n-over-d" | "theta" | "lambda" | "k5-optimum" | "gd-steps";
export type Quantity = "error" | "rEff" | GdQuantity;
export type Engine = "k2" | "k5" | "gd";

export interface SeriesPlan {
  key: string;
  label: string;
  color: string;
  quantity: Quantity;
  /** The panel parameter's value at each point (θ may be Infinity). */
  xs: number[];
  points: (KnownPromptPoint | GdStepsPoint)[];
  /** Drawn on the right axis (r_eff). */
  y2?: boolean;
  dash?: string;
}

export interface PanelPlan {
  id: PanelId;
  title: string;
  /** The parameter on the x axis and the CSV column that holds it. */
  param: "n" | "theta" | "lambda";
  engine: Engine;
  series: SeriesPlan[];
  /** Where a parameter value is drawn (θ = ∞ at the axis' ∞ tick; n as n/d). */
  plotX: (x: number) => number;
  layout: Layout;
  /** Limits and markers that cost nothing (K2 closed forms). */
  extras: Trace[];
  caption: string;
  cli: string;
  /** The K5 panel's search for the optimal θ. */
  optimum?: KnownPromptPoint;
}

/** Shortest text that reads back to the same double; θ = ∞ as 'inf'. */
export const num = (x: number) => (x === Infinity ? "inf" : String(x));

const KP_FLAGS = ["d", "n", "T", "k", "c", "r", "rho", "sigma", "noise", "theta", "lambda", "pool"] as const;
const GD_FLAGS = ["d", "n", "T", "k", "c", "r", "sigma", "eta", "beta"] as const;

/** `npx tsx src/cli.ts <command> --d … --json`, with the varied flag taken from the loop variable. */
export function cliCommand(command: string, p: KnownPromptPoint | GdStepsPoint, varied?: string, only?: readonly string[]): string {
  const names = only ?? ("pool" in p ? KP_FLAGS : GD_FLAGS);
  const flags = names.map((f) => `--${f} ${f === varied ? `$${f}` : num((p as unknown as Record<string, number>)[f]!)}`);
  return `npx tsx src/cli.ts ${command} ${flags.join(" ")} --json`;
}

/** One shell loop per series: each prints the CLI's JSON for one x of the panel. */
export function cliLoop(command: string, param: string, s: SeriesPlan): string {
  const xs = [...new Set(s.xs.map(num))].join(" ");
  return `# ${s.label}\nfor ${param} in ${xs}; do ${cliCommand(command, s.points[0]!, param)}; done`;
}

/** "d = 200, T = 16, k = 2 (ζ = 0.125), …": every parameter a panel holds fixed. */
export function fixedText(point: object, skip: readonly string[]): string {
  const p = point as Record<string, unknown>;
  const sym: Record<string, string> = { rho: "ρ", sigma: "σ", theta: "θ", lambda: "λ", eta: "η", beta: "β" };
  const parts = Object.entries(p).filter(([k]) => !skip.includes(k)).map(([k, v]) => `${sym[k] ?? k} = ${typeof v === "number" ? (v === Infinity ? "∞" : String(Number(v.toPrecision(6)))) : v}`);
  if ("k" in p && "T" in p && !skip.includes("k")) parts.push(`ζ = ${Number(((p.k as number) / (p.T as number)).toPrecision(4))}`);
  return parts.join(", ");
}
