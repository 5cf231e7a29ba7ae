/**
 * The explorer page: controls → parameter points (checked by the schema) → panel plans →
 * values (K2 here; K5 and G1–G3 in Web Workers) → Plotly. The URL's query string holds the
 * controls; dropped simulation files are laid over the matching panels with their |z|.
 */
import type { GdStepsPoint, KnownPromptPoint } from "../params/point.ts";
import { knownPromptTheory } from "../theory/knownPrompt.ts";
import { buildControls } from "./controls.ts";
import { check, queryOf, rawFromQuery, type Control, type Raw } from "./state.ts";
import { lambdaPanel, nOverDPanel, thetaPanel } from "./knownPromptPanels.ts";
import { gdPanel, k5Panel } from "./workerPanels.ts";
import { probesFor, paramsToAdopt } from "./overlay.ts";
import { parseSimFile, type SimFile } from "./simData.ts";
import { csvRows, emptyValues, toCsv, type Values } from "./render.ts";
import { num, type PanelId, type PanelPlan } from "./plan.ts";
import { drawFigure } from "./figure.ts";
import { fill, previewIndices, tasksOf } from "./jobs.ts";
import { WorkerChannel } from "./channel.ts";
import type { Reply } from "./protocol.ts";

interface Panel {
  id: PanelId;
  build: () => PanelPlan | string;
  el: { plot: HTMLElement; title: HTMLElement; caption: HTMLElement; status: HTMLElement; cli: HTMLElement };
  /** Workers of the panels not computed on the page: the preview's (warm, cooperative) and the exact stage's. */
  workers?: { preview: WorkerChannel; exact: WorkerChannel };
  plan?: PanelPlan;
  values?: Values;
  /** performance.now() of the control change this panel is answering. */
  since: number;
}

let raw: Raw = rawFromQuery(location.search);
let kp: KnownPromptPoint | undefined;
let gd: GdStepsPoint | undefined;
let gdError = "";
const files: SimFile[] = [];
const timings: Record<string, number[]> = {};
const record = (key: string, ms: number) => (timings[key] ??= []).push(ms);

// two workers per panel (each started on its first job): a new job supersedes only its own panel's
const workers = () => ({ preview: new WorkerChannel(false), exact: new WorkerChannel(true) });
const kpPanel = (id: PanelId, f: (p: KnownPromptPoint) => PanelPlan) => ({ id, build: () => (kp ? f(kp) : "no valid point"), workers: workers() });
const PANELS: Omit<Panel, "el" | "since">[] = [
  kpPanel("n-over-d", nOverDPanel),
  kpPanel("theta", thetaPanel),
  kpPanel("lambda", lambdaPanel),
  kpPanel("k5-optimum", k5Panel),
  { id: "gd-steps", build: () => (gd ? gdPanel(gd) : `the gradient-steps law needs: ${gdError}`), workers: workers() },
];

function panelDom(id: PanelId): Panel["el"] {
  const sec = document.createElement("section");
  sec.className = "panel";
  sec.id = `panel-${id}`;
  sec.innerHTML = `<h2></h2><div class="plot"></div><p class="caption"></p><p class="status"></p>
    <div class="actions"><button class="copy">Copy CLI command</button> <button class="csv">Download CSV</button>
    <details><summary>CLI command</summary><pre class="cli"></pre></details></div>`;
  document.getElementById("panels")!.append(sec);
  const q = (s: string) => sec.querySelector<HTMLElement>(s)!;
  return { plot: q(".plot"), title: q("h2"), caption: q(".caption"), status: q(".status"), cli: q(".cli") };
}

const panels: Panel[] = PANELS.map((p) => ({ ...p, el: panelDom(p.id), since: 0 }));

async function draw(panel: Panel): Promise<void> {
  if (panel.plan && panel.values) await drawFigure(panel.el.plot, panel.plan, panel.values);
}

function k2Value(p: KnownPromptPoint, quantity: string): number {
  const th = knownPromptTheory(p);
  return quantity === "rEff" ? th.rEff : th.error;
}

/** Progressive worker values redraw a panel at most every 400 ms, so redraws never crowd out the sliders. */
const REDRAW_EVERY = 400;
const lastDraw = new Map<Panel, number>();
const pending = new Set<Panel>();
function scheduleDraw(panel: Panel): void {
  if (pending.has(panel)) return;
  pending.add(panel);
  const wait = Math.max(0, (lastDraw.get(panel) ?? 0) + REDRAW_EVERY - performance.now());
  setTimeout(() => {
    pending.delete(panel);
    lastDraw.set(panel, performance.now());
    void draw(panel);
  }, wait);
}

/**
 * Let input events in between two panels' redraws: at once where the browser can tell that input
 * is waiting (Chromium), so background work (a worker's progressive redraw) does not slip in ahead
 * of the panels the user's own move changed; otherwise always.
 */
const inputPending = (navigator as { scheduling?: { isInputPending?: () => boolean } }).scheduling?.isInputPending?.bind((navigator as { scheduling?: object }).scheduling);
const yieldToEvents = () => (inputPending && !inputPending() ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, 0)));

async function replan(panel: Panel, force: boolean): Promise<void> {
  const plan = panel.build();
  const stopWorkers = () => Object.values(panel.workers ?? {}).forEach((w) => w.cancel());
  if (typeof plan === "string") {
    stopWorkers();
    panel.el.status.textContent = `Not drawn: ${plan}.`;
    panel.plan = undefined;
    return;
  }
  // the command line names every parameter a panel uses: the same command, the same panel
  if (!force && panel.plan?.cli === plan.cli) return;
  const values = emptyValues(plan, probesFor(plan, files, plan.engine === "gd" ? { ...gd } : { ...kp }));
  Object.assign(panel, { plan, values });
  // written only when changed: every write invalidates the page's layout, which Plotly then measures
  const show = (el: HTMLElement, text: string) => { if (el.textContent !== text) el.textContent = text; };
  show(panel.el.title, plan.title);
  show(panel.el.caption, plan.caption);
  show(panel.el.cli, plan.cli);
  const since = panel.since;
  if (plan.engine === "k2") {
    stopWorkers();
    plan.series.forEach((s) => s.points.forEach((p, i) => (values.y[s.key]![i] = k2Value(p as KnownPromptPoint, s.quantity))));
    for (const pr of values.probes) pr.value = k2Value(pr.probe.point as KnownPromptPoint, pr.probe.series.quantity);
    show(panel.el.status, "");
    await draw(panel);
    record(panel.id, performance.now() - since);
    return;
  }
  // the old curve stays up until the first new values arrive; a stale exact stage stops at once
  panel.workers!.exact.cancel();
  const tasks = tasksOf(plan, values), preview = previewIndices(plan, tasks);
  let got = 0, firstDrawn = false;
  const onReply = (r: Reply) => {
    if (panel.values !== values) return;
    if ("done" in r) {
      void draw(panel).then(() => record(`${panel.id}:${r.done}`, performance.now() - since));
      if (r.done === "preview") {
        panel.el.status.textContent = "preview drawn (every other point, a coarser lattice rule); computing with the command line's rule…";
        values.errors.length = 0; // the exact stage reports its own
        panel.workers!.exact.run(tasks, "exact", onReply);
      } else panel.el.status.textContent = values.errors.length ? `done; ${values.errors.length} value(s) not drawn: ${values.errors.join("; ")}` : "done: values as the command line computes them";
      return;
    }
    if ("error" in r) values.errors.push(r.error);
    else {
      fill(values, plan, r.stage === "preview" ? preview[r.index]! : r.index, r.value, r.stderr);
      if (r.optimum) values.optimum = r.optimum;
    }
    // a preview is drawn once, whole; the exact stage progressively
    if (r.stage === "preview") return;
    const first = plan.series[0]!;
    if (!firstDrawn && values.y[first.key]!.every((y) => y !== undefined)) {
      firstDrawn = true;
      void draw(panel).then(() => record(`${panel.id}:first-curve`, performance.now() - since));
    }
    panel.el.status.textContent = `computing: ${++got} of ${tasks.length} values${values.errors.length ? `; error: ${values.errors[0]}` : ""}`;
    scheduleDraw(panel);
  };
  if (plan.engine === "gd") {
    panel.el.status.textContent = "computing G1–G3…";
    panel.workers!.preview.cancel();
    panel.workers!.exact.run(tasks, "exact", onReply);
  } else {
    panel.el.status.textContent = "computing K5 (preview rule)…";
    panel.workers!.preview.run(preview.map((i) => tasks[i]!), "preview", onReply);
  }
}

const controls = buildControls(document.getElementById("controls")!, (c: Control, text: string) => void update({ [c]: text }));

/** Apply a change; resolves once every panel it touches is replanned (K2 panels redrawn). */
async function update(change: Partial<Raw>): Promise<void> {
  const since = performance.now();
  raw = { ...raw, ...change };
  const checked = check(raw);
  controls.show(raw, checked.errors);
  history.replaceState(null, "", queryOf(raw) || location.pathname);
  const kpChanged = checked.kp && JSON.stringify(checked.kp, (_k, v) => (v === Infinity ? "inf" : v)) !== JSON.stringify(kp, (_k, v) => (v === Infinity ? "inf" : v));
  const gdChanged = checked.gd && JSON.stringify(checked.gd) !== JSON.stringify(gd);
  if (checked.kp) kp = checked.kp;
  if (checked.gd) gd = checked.gd;
  gdError = checked.gdError ?? "";
  const due = panels.filter((p) => change === FORCE || (p.id === "gd-steps" ? gdChanged || (!checked.gd && !gd) : kpChanged));
  for (const p of due) p.since = since;
  // workers' jobs first (they only post a message), then the K2 panels one task each
  for (const p of [...due.filter((x) => x.plan?.engine !== "k2"), ...due.filter((x) => x.plan?.engine === "k2")]) {
    if (p.since !== since) continue; // a newer change has taken this panel over
    await replan(p, change === FORCE);
    await yieldToEvents();
  }
}
const FORCE: Partial<Raw> = {};

async function addFiles(list: FileList | File[]): Promise<void> {
  const status = document.getElementById("drop-status")!;
  for (const f of [...list]) {
    try {
      const file = parseSimFile(f.name, await f.text());
      files.push(file);
      const adopt = paramsToAdopt(file);
      const change: Partial<Raw> = {};
      for (const [k, v] of Object.entries(adopt)) if (k in raw) change[k as Control] = typeof v === "number" ? num(v) : v;
      void update(change);
      await update(FORCE);
      const shown = new Set(panels.flatMap((p) => p.values?.probes.map((x) => x.probe.sim) ?? []));
      const mine = file.points.filter((p) => shown.has(p)).length;
      const given = new Set(file.points.flatMap((p) => Object.keys(p.params)));
      const assumed = ["d", "n", "T", "k", "c", "r", "rho", "sigma", "theta", "lambda", "pool", "noise"].filter((k) => !given.has(k) && !(k === "k" && given.has("zeta")));
      status.textContent = `${f.name}: ${file.points.length} simulated values (${file.kind})${file.skipped ? `, ${file.skipped} lines without an estimate skipped` : ""}; ${mine} drawn; ${file.points.length - mine} hidden (their other parameters differ from the controls').` +
        (assumed.length ? ` Not in the file, so taken from the controls: ${assumed.join(", ")}.` : "");
    } catch (e) {
      status.textContent = (e as Error).message;
    }
  }
}

document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => {
  e.preventDefault();
  if (e.dataTransfer?.files.length) void addFiles(e.dataTransfer.files);
});
document.getElementById("file")!.addEventListener("change", (e) => void addFiles((e.target as HTMLInputElement).files ?? []));

for (const p of panels) {
  const sec = document.getElementById(`panel-${p.id}`)!;
  sec.querySelector(".copy")!.addEventListener("click", () => void navigator.clipboard?.writeText(p.plan?.cli ?? "").catch(() => {}));
  sec.querySelector(".csv")!.addEventListener("click", () => {
    if (!p.plan || !p.values) return;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([toCsv(csvRows(p.plan, p.values))], { type: "text/csv" }));
    a.download = `${p.id}.csv`;
    a.click();
  });
}

/** For tests and measurements: each panel's rows and command, the redraw times. */
(window as unknown as { explorer: unknown }).explorer = {
  timings,
  rows: (id: PanelId) => {
    const p = panels.find((x) => x.id === id)!;
    return p.plan && p.values ? csvRows(p.plan, p.values) : [];
  },
  cli: (id: PanelId) => panels.find((x) => x.id === id)!.plan?.cli,
};

void update(FORCE);
