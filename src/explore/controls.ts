/**
 * One control per parameter: a slider spanning the schema's whole range (log-scaled where the
 * range covers decades; θ's right end is ∞, λ's and r's left end 0), a text field that takes any
 * value the command line takes, and an inline message for a value the schema rejects.
 */
import { FIELDS, rangeText } from "../params/fields.ts";
import { CONTROLS, type Control, type Raw } from "./state.ts";

const STEPS = 1000;

interface Scale {
  toValue(pos: number): number;
  toPos(v: number): number;
}

/** Log scale on [lo, hi]; with `zero`, position 0 is 0; with `inf`, the last position is ∞. */
function logScale(lo: number, hi: number, opts: { zero?: boolean; inf?: boolean; int?: boolean } = {}): Scale {
  const a = opts.zero ? 1 : 0, b = opts.inf ? STEPS - 1 : STEPS;
  const round = (v: number) => (opts.int ? Math.round(v) : Number(v.toPrecision(3)));
  return {
    toValue: (pos) => (opts.zero && pos === 0 ? 0 : opts.inf && pos === STEPS ? Infinity : round(lo * (hi / lo) ** ((pos - a) / (b - a)))),
    toPos: (v) => (v === 0 && opts.zero ? 0 : v === Infinity ? STEPS : Math.round(a + ((b - a) * Math.log(Math.min(hi, Math.max(lo, v)) / lo)) / Math.log(hi / lo))),
  };
}

function linearScale(lo: number, hi: () => number, digits: number): Scale {
  return {
    toValue: (pos) => Number((lo + ((hi() - lo) * pos) / STEPS).toFixed(digits)),
    toPos: (v) => Math.round(((v - lo) / (hi() - lo || 1)) * STEPS),
  };
}

const SYMBOL: Partial<Record<Control, string>> = { rho: "ρ", sigma: "σ", theta: "θ", lambda: "λ", eta: "η", beta: "β" };

export interface Controls {
  /** Show a state: text, slider positions, messages, the ζ and n/d read-outs. */
  show(raw: Raw, errors: Partial<Record<Control, string>>): void;
}

export function buildControls(root: HTMLElement, onChange: (c: Control, text: string) => void): Controls {
  let T = 16;
  const scales: Partial<Record<Control, Scale>> = {
    d: logScale(2, 1e5, { int: true }), n: logScale(1, 1e7, { int: true }), T: logScale(1, 1e5, { int: true }),
    k: { toValue: (pos) => Math.max(1, Math.round(1 + ((T - 1) * pos) / STEPS)), toPos: (v) => Math.round(((v - 1) / Math.max(1, T - 1)) * STEPS) },
    c: logScale(1e-3, 1e6), r: logScale(1e-3, 1e6, { zero: true }), rho: linearScale(0, () => 0.99, 2), sigma: logScale(1e-3, 1e6),
    theta: logScale(1e-2, 1e4, { zero: true, inf: true }), lambda: logScale(1e-6, 1e12, { zero: true }),
    eta: logScale(1e-3, 1e6), beta: logScale(1e-3, 1e6),
  };
  const parts = {} as Record<Control, { text: HTMLInputElement | HTMLSelectElement; slider?: HTMLInputElement; msg: HTMLElement; note?: HTMLElement }>;
  for (const c of CONTROLS) {
    const spec = FIELDS[c];
    const row = document.createElement("div");
    row.className = "ctl";
    row.dataset.param = c;
    const label = document.createElement("label");
    label.htmlFor = `t-${c}`;
    label.textContent = SYMBOL[c] ?? c;
    label.title = `${spec.doc}: ${rangeText(spec)}`;
    row.append(label);
    let text: HTMLInputElement | HTMLSelectElement;
    let slider: HTMLInputElement | undefined;
    if (spec.kind === "enum") {
      text = document.createElement("select");
      for (const v of spec.values) text.append(new Option(v, v));
      text.addEventListener("change", () => onChange(c, text.value));
    } else {
      slider = document.createElement("input");
      slider.type = "range";
      slider.min = "0";
      slider.max = String(STEPS);
      slider.id = `s-${c}`;
      slider.setAttribute("aria-label", `${c} slider`);
      const s = slider, scale = scales[c]!;
      s.addEventListener("input", () => {
        const v = scale.toValue(Number(s.value));
        text.value = v === Infinity ? "inf" : String(v);
        onChange(c, text.value);
      });
      text = document.createElement("input");
      text.type = "text";
      text.size = 9;
      text.addEventListener("input", () => onChange(c, text.value));
      row.append(slider);
    }
    text.id = `t-${c}`;
    row.append(text);
    const note = c === "k" || c === "n" ? row.appendChild(document.createElement("span")) : undefined;
    if (note) note.className = "note";
    const msg = document.createElement("output");
    msg.className = "msg";
    msg.id = `m-${c}`;
    row.append(msg);
    root.append(row);
    parts[c] = { text, slider, msg, note };
  }
  return {
    show(raw, errors) {
      const t = Number(raw.T);
      if (Number.isSafeInteger(t) && t >= 1) T = t;
      for (const c of CONTROLS) {
        const p = parts[c];
        if (document.activeElement !== p.text && p.text.value !== raw[c]) p.text.value = raw[c];
        p.msg.textContent = errors[c] ?? "";
        p.text.classList.toggle("bad", Boolean(errors[c]));
        if (p.slider && !errors[c] && document.activeElement !== p.slider) {
          const v = raw[c].trim().toLowerCase().startsWith("inf") ? Infinity : Number(raw[c]);
          p.slider.value = String(scales[c]!.toPos(v));
        }
      }
      parts.k.note!.textContent = Number.isFinite(Number(raw.k) / T) ? `ζ = ${Number((Number(raw.k) / T).toPrecision(3))}` : "";
      parts.n.note!.textContent = Number.isFinite(Number(raw.n) / Number(raw.d)) ? `n/d = ${Number((Number(raw.n) / Number(raw.d)).toPrecision(3))}` : "";
    },
  };
}
