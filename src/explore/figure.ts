/**
 * A panel's figure on the page (Plotly): drawn whole when its frame (axes, legend, styles, point
 * counts) changed, else only its curves moved, which skips Plotly's axis, legend and margin work.
 */
import { traces, type Values } from "./render.ts";
import type { PanelPlan } from "./plan.ts";
import { fixedYRanges } from "./plotting.ts";

declare const Plotly: {
  react(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown>;
  animate(el: HTMLElement, frame: { data: unknown[]; traces: number[] }, opts: unknown): Promise<unknown>;
};

/** Per plot, the last figure drawn without its curves' coordinates. */
const frames = new WeakMap<HTMLElement, string>();
// a trace's point count is part of its frame: Plotly leaves a trace without points out of the legend
const frameOf = (data: Record<string, unknown>[], layout: object) => JSON.stringify([layout, data.map(({ x, y: _y, ...rest }) => [rest, (x as unknown[]).length])]);
/** Plotly's path for new coordinates in a frame that holds still: no transition, no full redraw. */
const MOVE_ONLY = { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" };

export async function drawFigure(el: HTMLElement, plan: PanelPlan, values: Values): Promise<void> {
  const data = traces(plan, values);
  const layout = fixedYRanges(plan.layout, data);
  const frame = frameOf(data, layout);
  if (frames.get(el) === frame) await Plotly.animate(el, { data: data.map((t) => ({ x: t.x, y: t.y })), traces: data.map((_, i) => i) }, MOVE_ONLY);
  else await Plotly.react(el, data, layout, { displaylogo: false, responsive: true });
  frames.set(el, frame);
}
