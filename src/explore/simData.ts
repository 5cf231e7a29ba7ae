/**
 * Simulation results dropped on the page: a `sweep` JSON Lines file (one point per line) or a
 * report data file (`report/data/<figure>.json`, `{ title, caption, rows }`). Both formats are
 * still growing, so this reads defensively: unknown fields are ignored, a line or row without a
 * mean and standard error is skipped and counted, and parameters not in the file are left out
 * (the page then takes them from its controls and says so).
 */

export type SimQuantity = "error" | "cosW1" | "cosQ1" | "attentionMass" | "testError";

export interface SimPoint {
  /** THEORY.md parameters given by the file; θ = ∞ as Infinity, pool as softmax|linear|uniform. */
  params: Record<string, number | string>;
  quantity: SimQuantity;
  mean: number;
  stderr: number;
}

export interface SimFile {
  name: string;
  kind: "sweep" | "report";
  points: SimPoint[];
  /** Lines or rows that held no usable estimate. */
  skipped: number;
}

const PARAMS = ["d", "n", "T", "k", "zeta", "c", "r", "rho", "sigma", "theta", "lambda", "pool", "noise", "eta", "beta"];
const MODELS: Record<string, string> = { SPA: "softmax", LPA: "linear", UNI: "uniform" };

function finite(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

const TEXT_PARAMS = new Set(["pool", "noise"]);

/** A number, or its text ('2', 'inf', '∞' as reports write θ). */
function numeric(v: unknown): number | undefined {
  if (finite(v) || v === Infinity) return v as number;
  if (typeof v !== "string") return undefined;
  if (/^\s*(\+?inf(inity)?|∞)\s*$/i.test(v)) return Infinity;
  const x = v.trim() === "" ? NaN : Number(v);
  return Number.isFinite(x) ? x : undefined;
}

/** The parameters a record gives, normalized (θ = ∞ as Infinity, a model name for the pool, n from n/d). */
function readParams(src: Record<string, unknown>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const key of PARAMS) {
    const v = src[key];
    const x = TEXT_PARAMS.has(key) ? (typeof v === "string" ? v : undefined) : numeric(v);
    if (x !== undefined && (key === "theta" || x !== Infinity)) out[key] = x;
  }
  if (out.pool === undefined && typeof src.model === "string" && MODELS[src.model]) out.pool = MODELS[src.model]!;
  if (out.n === undefined && finite(src.nOverD) && finite(out.d)) out.n = Math.round(src.nOverD * out.d);
  if (out.zeta !== undefined && out.k !== undefined) delete out.zeta;
  return out;
}

/** An estimate { mean, stderr } (a sweep line's `error`, `cosW1`, …). */
function estimate(v: unknown): { mean: number; stderr: number } | undefined {
  const e = v as { mean?: unknown; stderr?: unknown } | null;
  return e && finite(e.mean) && finite(e.stderr) && e.stderr >= 0 ? { mean: e.mean, stderr: e.stderr } : undefined;
}

const SWEEP_QUANTITIES: SimQuantity[] = ["error", "cosW1", "cosQ1", "attentionMass", "testError"];

function sweepLine(obj: Record<string, unknown>): SimPoint[] {
  const params = readParams({ ...(obj.params as object), ...(obj.point as object) });
  return SWEEP_QUANTITIES.flatMap((quantity) => {
    const e = estimate(obj[quantity]);
    return e ? [{ params, quantity, ...e }] : [];
  });
}

/** Report rows name their estimates `<prefix>Sim|Mean` beside `<prefix>Stderr`. */
function reportRow(row: Record<string, unknown>, figure: string): SimPoint[] {
  const params = readParams(row);
  if (/^k5/.test(figure) && params.noise === undefined) params.noise = "isotropic";
  const pairs: [string, string, SimQuantity][] = [
    ["simMean", "simStderr", /attention-mass/.test(figure) ? "attentionMass" : "error"],
    ["cosW1Sim", "cosW1Stderr", "cosW1"],
    ["cosQ1Sim", "cosQ1Stderr", "cosQ1"],
    ["plainSim", "plainStderr", "testError"],
  ];
  return pairs.flatMap(([m, s, quantity]) => (finite(row[m]) && finite(row[s]) ? [{ params, quantity, mean: row[m], stderr: row[s] }] : []));
}

/** Parse a dropped file; throws an Error with one line when it is neither format. */
export function parseSimFile(name: string, text: string): SimFile {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") && !trimmed.includes("\n{")) {
    let doc: { rows?: unknown; id?: unknown };
    try {
      doc = JSON.parse(trimmed);
    } catch {
      throw new Error(`${name}: not JSON`);
    }
    if (Array.isArray(doc.rows)) {
      const figure = typeof doc.id === "string" ? doc.id : name.replace(/^.*\//, "").replace(/\.json$/, "");
      const per = doc.rows.map((r) => (r && typeof r === "object" ? reportRow(r as Record<string, unknown>, figure) : []));
      return { name, kind: "report", points: per.flat(), skipped: per.filter((p) => p.length === 0).length };
    }
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "");
  const per = lines.map((line) => {
    try {
      const obj = JSON.parse(line);
      return obj && typeof obj === "object" ? sweepLine(obj) : [];
    } catch {
      return [];
    }
  });
  if (per.every((p) => p.length === 0)) throw new Error(`${name}: neither a sweep JSON Lines file nor a report data file (no point with a mean and stderr)`);
  return { name, kind: "sweep", points: per.flat(), skipped: per.filter((p) => p.length === 0).length };
}
