/**
 * One sweep line: a JSON object in a fixed key order, closed by a checksum of everything before
 * it, so an edited or damaged line is caught by resume, merge and plot alike.
 *   {"sweep","index","points","experiment","point","params","seed","trials","measures","details","check"}
 * ±Infinity (e.g. θ = ∞ or K5's b at the interpolation peak) is written as the string
 * "Infinity"; NaN is never written.
 */
import { createHash } from "node:crypto";
import type { SweepPlan, SweepPoint } from "./config.ts";
import type { Measure, Outcome } from "./experiments/types.ts";
import type { PointSpec } from "./fields.ts";

export interface SweepLine {
  sweep: string;
  index: number;
  points: number;
  experiment: string;
  point: PointSpec;
  params: PointSpec;
  seed: number;
  trials: number | null;
  measures: Measure[];
  details: Outcome["details"];
}

const CHECK = /,"check":"([0-9a-f]{16})"\}$/;

const digest = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

function replacer(key: string, v: unknown): unknown {
  if (typeof v !== "number" || Number.isFinite(v)) return v;
  if (Number.isNaN(v)) throw new Error(`sweep line: ${key} is NaN`);
  return v > 0 ? "Infinity" : "-Infinity";
}

/** The line of a finished point (no newline). */
export function formatLine(plan: SweepPlan, point: SweepPoint, outcome: Outcome): string {
  const line: SweepLine = {
    sweep: plan.hash,
    index: point.index,
    points: plan.points.length,
    experiment: plan.config.experiment,
    point: point.values,
    params: point.block,
    seed: plan.config.seed,
    trials: plan.config.trials,
    measures: outcome.measures,
    details: outcome.details,
  };
  const body = JSON.stringify(line, replacer);
  return `${body.slice(0, -1)},"check":"${digest(body)}"}`;
}

/** Parse a line and verify its checksum; returns an error message instead of throwing. */
export function parseLine(text: string): SweepLine | string {
  const m = CHECK.exec(text);
  if (!m) return "not a sweep line (no checksum)";
  const body = text.slice(0, m.index) + "}";
  if (digest(body) !== m[1]) return "checksum mismatch: the line was edited or damaged";
  let parsed: Partial<SweepLine>;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "not a JSON line";
  }
  if (typeof parsed.sweep !== "string" || !Number.isInteger(parsed.index) || !Number.isInteger(parsed.points) || !Array.isArray(parsed.measures)) return "not a sweep result line";
  return parsed as SweepLine;
}
