/**
 * `plot <sweep.jsonl>`: a self-contained figure page from a (merged) sweep file of any
 * experiment: one figure per measured quantity, the simulation (±2 stderr, or the Clopper–Pearson
 * interval) beside its prediction along one grid axis, one colour per combination of the other
 * axes, the fixed parameters and the measured agreement in each caption. Figures are drawn with
 * the report's builders (src/report), and the data behind each figure lands in data/<id>.json|csv.
 */
import { Command, Option } from "commander";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../usage.ts";
import { addFormatOptions, emit, type FormatFlags } from "../output.ts";
import { readSweepFile, SweepFileError, type EstimateMeasure, type IntervalMeasure, type SweepLine } from "../../sweep/index.ts";
import { line, markers, seriesColor as color, type Trace } from "../../report/plot.ts";
import { provenance } from "../../report/provenance.ts";
import { renderReport } from "../../report/html.ts";
import { toCsv } from "../../report/write.ts";
import type { Figure, Section } from "../../report/types.ts";

const MARKER = ".sweep-plot";
type Row = Figure["rows"][number];

function loadLines(path: string): SweepLine[] {
  if (!existsSync(path)) throw new UsageError(`plot: ${path}: no such file`);
  try {
    const rows = readSweepFile(path).rows.map((r) => r.line);
    if (rows.length === 0) throw new UsageError(`plot: ${path} holds no sweep lines`);
    return rows;
  } catch (err) {
    if (err instanceof SweepFileError) throw new UsageError(`plot: ${err.message}`);
    throw err;
  }
}

const label = (v: unknown) => String(v);

/** The x axis: the one asked for, else the first numeric axis with several values, else the first axis. */
function chooseX(lines: SweepLine[], axes: string[], asked?: string): string | undefined {
  if (asked !== undefined) {
    if (!axes.includes(asked)) throw new UsageError(`--x must be one of the sweep's grid axes (${axes.join(", ") || "none"}), got '${asked}'`);
    return asked;
  }
  const varied = axes.filter((a) => new Set(lines.map((l) => label(l.point[a]))).size > 1);
  return varied.find((a) => lines.every((l) => typeof l.point[a] === "number")) ?? varied[0] ?? axes[0];
}

const xValue = (v: unknown) => (v === "inf" ? "∞" : (v as number | string));
const fmt = (x: number) => (Number.isInteger(x) || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6) ? String(Number(x.toPrecision(4))) : x.toExponential(2));

function caption(kind: string, lines: SweepLine[], measures: (EstimateMeasure | IntervalMeasure)[], fixed: string, partial: string): string {
  const claims = [...new Set(measures.map((m) => m.claim))].join(", ");
  let verdict: string;
  if ("z" in measures[0]!) {
    const zs = (measures as EstimateMeasure[]).map((m) => Math.abs(m.z));
    verdict = `|z| ≤ 3 at ${zs.filter((z) => z <= 3).length} of ${zs.length} points (max |z| = ${Math.max(...zs).toFixed(1)}; z = (sim − prediction)/stderr, no finite-size allowance)`;
  } else {
    const bounded = (measures as IntervalMeasure[]).filter((m) => m.prediction !== null);
    verdict = bounded.length === 0 ? "the theory bounds none of these cells" : `the 95% interval reaches the predicted side of the bound at ${bounded.filter((m) => m.consistent).length} of ${bounded.length} bounded cells`;
  }
  const trials = lines[0]!.trials === null ? "" : `, ${lines[0]!.trials} trials per point`;
  return `${kind} (${claims}), sweep ${lines[0]!.sweep}: ${verdict}. Fixed: ${fixed}; seed ${lines[0]!.seed}${trials}.${partial}`;
}

function figureFor(name: string, lines: SweepLine[], axes: string[], x: string | undefined, series: string[], logX: boolean, partial: string): Figure {
  const rest = axes.filter((a) => a !== x);
  const key = (l: SweepLine) => rest.map((a) => `${a}=${label(l.point[a])}`).join(", ") || lines[0]!.experiment;
  const traces: Trace[] = [];
  const rows: Row[] = [];
  const picked = lines.map((l) => ({ l, m: l.measures.find((m) => m.name === name)! })).filter((e) => e.m);
  for (const s of series) {
    const group = picked.filter((e) => key(e.l) === s);
    if (group.length === 0) continue;
    const i = series.indexOf(s);
    const xs = group.map((e) => (x === undefined ? 0 : xValue(e.l.point[x]))) as number[];
    const first = group[0]!.m;
    if ("z" in first) {
      const ms = group.map((e) => e.m as EstimateMeasure);
      traces.push(markers(`${s} (simulation)`, xs, ms.map((m) => m.mean), ms.map((m) => m.stderr), color(i), { legendgroup: s }));
      traces.push(line(`${s} (${first.claim} prediction)`, xs, ms.map((m) => m.prediction), color(i), { legendgroup: s, mode: "lines+markers", marker: { size: 4, color: color(i) } }));
    } else {
      const ms = group.map((e) => e.m as IntervalMeasure);
      traces.push({ ...markers(`${s} (measured, 95% CI)`, xs, ms.map((m) => m.mean), ms.map(() => 0), color(i), { legendgroup: s }), error_y: { type: "data", symmetric: false, array: ms.map((m) => m.high - m.mean), arrayminus: ms.map((m) => m.mean - m.low), visible: true, color: color(i) } });
      const bounded = ms.flatMap((m, j) => (m.prediction === null ? [] : [j])); // cells the theory bounds
      if (bounded.length > 0) traces.push(line(`${s} (bound)`, bounded.map((j) => xs[j]!), bounded.map((j) => ms[j]!.prediction as number), color(i), { legendgroup: s, mode: "lines+markers", line: { color: color(i), dash: "dash", width: 2 }, marker: { symbol: "line-ew-open", size: 24, color: color(i) } }));
    }
    for (const e of group) rows.push({ index: e.l.index, series: s, ...Object.fromEntries(axes.map((a) => [a, e.l.point[a] as string | number])), ...(e.m as unknown as Row) });
  }
  const fixedParams = Object.entries(lines[0]!.params).filter(([k]) => !axes.includes(k)).map(([k, v]) => `${k} = ${typeof v === "number" ? fmt(v) : v}`).join(", ");
  const numericX = x !== undefined && picked.every((e) => typeof e.l.point[x] === "number");
  const xs = numericX ? picked.map((e) => e.l.point[x!] as number) : [];
  const log = logX || (numericX && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 100);
  return {
    id: `${lines[0]!.experiment}-${name}`,
    title: `${name} against ${x ?? "the point"} — ${lines[0]!.experiment} sweep`,
    caption: caption(name, lines, picked.map((e) => e.m), fixedParams || "none", partial),
    claims: [...new Set(picked.map((e) => e.m.claim))],
    params: Object.fromEntries(Object.entries(lines[0]!.params).filter(([k]) => !axes.includes(k)).map(([k, v]) => [k, typeof v === "number" || typeof v === "string" ? v : String(v)])),
    seed: lines[0]!.seed,
    trials: lines[0]!.trials ?? "—",
    traces,
    layout: {
      xaxis: { title: { text: x ?? "" }, type: log ? "log" : numericX ? "linear" : "category", dtick: log ? 1 : undefined },
      yaxis: { title: { text: name } },
      legend: { orientation: "h", y: -0.2 },
    },
    rows,
  };
}

/** Write the page and its data into `outDir` whole, replacing only a previous plot's folder. */
function writePlot(outDir: string, section: Section, seed: number): string {
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(join(outDir, MARKER))) throw new UsageError(`--out '${outDir}' is a non-empty folder that plot did not write; choose another`);
  const staging = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}`);
  try {
    mkdirSync(join(staging, "data"), { recursive: true });
  } catch (err) {
    throw new UsageError(`--out '${outDir}': cannot create it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  for (const f of section.figures) {
    writeFileSync(join(staging, "data", `${f.id}.json`), JSON.stringify({ title: f.title, caption: f.caption, rows: f.rows }, null, 1));
    writeFileSync(join(staging, "data", `${f.id}.csv`), toCsv(f.rows));
  }
  writeFileSync(join(staging, "index.html"), renderReport([section], { provenance: provenance({ seed, quick: false }), claims: [] }));
  writeFileSync(join(staging, MARKER), "written by `plot`; replaced by the next plot into this folder\n");
  if (existsSync(outDir)) rmSync(outDir, { recursive: true });
  renameSync(staging, outDir);
  return join(outDir, "index.html");
}

export function registerPlot(program: Command): void {
  const cmd = program
    .command("plot")
    .description("figure page (self-contained HTML + data) from a merged sweep file of any experiment: simulation beside prediction along a grid axis")
    .argument("<sweep>", "sweep JSON Lines (from sweep or merge)")
    .option("--out <folder>", "output folder (default: the sweep's name with -plot)")
    .option("--x <axis>", "grid axis on the x axis (default: the first numeric axis that varies)")
    .addOption(new Option("--log-x", "logarithmic x axis (default: when the x values span 100x or more)"));
  addFormatOptions(cmd).action((path: string, f: FormatFlags & { out?: string; x?: string; logX?: boolean }) => {
    const lines = loadLines(path);
    const axes = Object.keys(lines[0]!.point);
    const x = chooseX(lines, axes, f.x);
    const rest = axes.filter((a) => a !== x);
    const series = [...new Set(lines.map((l) => rest.map((a) => `${a}=${label(l.point[a])}`).join(", ") || l.experiment))];
    const total = lines[0]!.points;
    const partial = lines.length < total ? ` Partial sweep: ${lines.length} of ${total} points.` : "";
    const names = [...new Set(lines.flatMap((l) => l.measures.map((m) => m.name)))];
    const figures = names.map((n) => figureFor(n, lines, axes, x, series, f.logX ?? false, partial));
    const experiment = lines[0]!.experiment;
    const section: Section = { id: `sweep-${experiment}`, title: `${experiment} sweep ${lines[0]!.sweep}`, intro: `${lines.length} points from ${path}; each figure sets the simulation beside its prediction.`, figures };
    const out = f.out ?? path.replace(/\.jsonl$/i, "") + "-plot";
    const page = writePlot(out, section, lines[0]!.seed);
    emit({
      title: `plot ${lines[0]!.sweep}: ${figures.length} figures of ${lines.length} points → ${page}`,
      params: { sweep: path, out, x: x ?? "none", logX: !!f.logX },
      values: { out: page, points: lines.length },
      rows: figures.map((g) => ({ figure: g.id, out: page, points: lines.length })),
      json: { out: page, figures: figures.map((g) => g.id), points: lines.length, x: x ?? null },
    }, f);
  });
}
