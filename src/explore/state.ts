/**
 * The explorer's state: the text of every control, exactly as typed or as in the URL's query
 * string, checked by the parameter schema (src/params) — the same ranges, defaults and rules as
 * the command line. A control whose text fails shows the schema's one-line message; the panels
 * keep drawing the last valid point, so nothing is ever computed from a bad value.
 */
import { checkGdSteps, checkKnownPrompt, GD_STEPS_DEFAULTS, GD_STEPS_NAMES, KNOWN_PROMPT_DEFAULTS, KNOWN_PROMPT_NAMES, type GdStepsPoint, type KnownPromptPoint } from "../params/point.ts";
import { parseField, type FieldName } from "../params/fields.ts";
import { num } from "./plan.ts";

export const CONTROLS = ["d", "n", "T", "k", "c", "r", "rho", "sigma", "noise", "theta", "lambda", "pool", "eta", "beta"] as const satisfies readonly FieldName[];
export type Control = (typeof CONTROLS)[number];
export type Raw = Record<Control, string>;

const KP_KEYS = KNOWN_PROMPT_NAMES.filter((k) => k !== "zeta");
const GD_KEYS = GD_STEPS_NAMES.filter((k) => k !== "zeta");

export function defaultRaw(): Raw {
  const d = { ...KNOWN_PROMPT_DEFAULTS, k: 2, eta: GD_STEPS_DEFAULTS.eta, beta: GD_STEPS_DEFAULTS.beta } as Record<Control, number | string>;
  return Object.fromEntries(CONTROLS.map((c) => [c, typeof d[c] === "number" ? num(d[c] as number) : String(d[c])])) as Raw;
}

export interface Checked {
  /** Per-control messages (a value out of range, or a rule between parameters it breaks). */
  errors: Partial<Record<Control, string>>;
  kp?: KnownPromptPoint;
  /** Undefined with a reason when the gradient-steps law rejects the point (e.g. d < 4). */
  gd?: GdStepsPoint;
  gdError?: string;
}

const pick = (raw: Raw, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, raw[k as Control]]));

export function check(raw: Raw): Checked {
  const errors: Checked["errors"] = {};
  for (const c of CONTROLS) {
    try {
      parseField(c, raw[c]);
    } catch (e) {
      errors[c] = (e as Error).message;
    }
  }
  const kp = checkKnownPrompt(pick(raw, KP_KEYS));
  if (!kp.ok && kp.error.param in raw) errors[kp.error.param as Control] ??= kp.error.message;
  const gd = checkGdSteps(pick(raw, GD_KEYS));
  if (!gd.ok && (gd.error.param === "eta" || gd.error.param === "beta")) errors[gd.error.param] ??= gd.error.message;
  return { errors, ...(kp.ok ? { kp: kp.point } : {}), ...(gd.ok ? { gd: gd.point } : { gdError: gd.error.message }) };
}

/** Controls from the query string; unknown keys are ignored, a missing key keeps its default. */
export function rawFromQuery(search: string): Raw {
  const raw = defaultRaw();
  const q = new URLSearchParams(search);
  for (const c of CONTROLS) {
    const v = q.get(c);
    if (v !== null) raw[c] = v;
  }
  // ζ in a shared link sets k (k = round(ζT), as on the command line)
  const zeta = q.get("zeta");
  if (zeta !== null && q.get("k") === null) {
    const kp = checkKnownPrompt({ T: raw.T, zeta });
    if (kp.ok) raw.k = String(kp.point.k);
  }
  return raw;
}

/** The query string of a state: only the controls that differ from the defaults. */
export function queryOf(raw: Raw): string {
  const d = defaultRaw();
  const q = new URLSearchParams();
  for (const c of CONTROLS) if (raw[c] !== d[c]) q.set(c, raw[c]);
  const s = q.toString();
  return s ? `?${s}` : "";
}
