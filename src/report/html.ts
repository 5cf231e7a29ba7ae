/**
 * The self-contained report page: Plotly's bundle inlined once, a claims table and the
 * provenance at the top, then one <div> per figure with its spec embedded as JSON. No network
 * access is needed to view it; every figure exports as PNG and as SVG.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ClaimSummary, Provenance, Section } from "./types.ts";

const require = createRequire(import.meta.url);

export interface ReportPage {
  provenance: Provenance;
  claims: ClaimSummary[];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** JSON safe to embed in a <script> element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function claimsTable(claims: ClaimSummary[]): string {
  if (claims.length === 0) return "";
  const rows = claims.map((c) => {
    const agree = c.total === null ? "—" : `${c.agree}/${c.total}`;
    const z = c.maxAbsZ === null ? "—" : c.maxAbsZ.toFixed(2);
    const figs = c.figures.length ? c.figures.map((f) => `<a href="#fig-${f}">${escapeHtml(f)}</a>`).join(", ") : "— (check only)";
    return `<tr data-claim="${c.id}" data-verdict="${c.pass ? "PASS" : "FAIL"}"><td>${c.id}</td><td>${escapeHtml(c.title)}</td><td class="${c.pass ? "pass" : "fail"}">${c.pass ? "PASS" : "FAIL"}</td><td>${agree}</td><td>${z}</td><td>${figs}</td></tr>`;
  });
  return `<table id="claims"><caption>Claims and the verdicts of their checks (the same checks as <code>verify</code>; agreement: points with |sim − theory| ≤ 3·stderr + allowance)</caption>` +
    `<thead><tr><th>claim</th><th>statement</th><th>verdict</th><th>agreement</th><th>max |z|</th><th>figures</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function provenanceBlock(p: Provenance, sections: Section[]): string {
  const items: [string, string][] = [
    ["generated", p.generated], ["command", p.command], ["package version", p.packageVersion], ["Node", p.node],
    ["git commit", p.commit ?? "not available (not a git checkout)"], ["seed", String(p.seed)], ["quick preview", p.quick ? "yes" : "no"],
  ];
  if (p.seconds !== undefined) items.push(["run time", `${p.seconds.toFixed(1)} s`]);
  const figs = sections.flatMap((s) => s.figures).map((f) => `<tr><td><a href="#fig-${f.id}">${escapeHtml(f.id)}</a></td><td>${f.seed}</td><td>${escapeHtml(String(f.trials))}</td></tr>`).join("");
  return `<section id="provenance"><h2>Provenance</h2><dl>${items.map(([k, v]) => `<dt>${k}</dt><dd><code>${escapeHtml(v)}</code></dd>`).join("")}</dl>` +
    `<details><summary>Seed and trials of each figure</summary><table class="figs"><thead><tr><th>figure</th><th>seed</th><th>trials per point</th></tr></thead><tbody>${figs}</tbody></table></details></section>`;
}

export function renderReport(sections: Section[], page: ReportPage): string {
  const plotly = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  const toc = sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join("");
  const body = sections
    .map((s) => {
      const figs = s.figures
        .map((f) => `<figure id="fig-${f.id}"><h3>${escapeHtml(f.title)}</h3><div class="plot" data-figure="${f.id}"></div>` +
          `<figcaption>${escapeHtml(f.caption)} <span class="fid">[${f.id}]</span> <a href="data/${f.id}.csv">data (CSV)</a> · <a href="data/${f.id}.json">JSON</a></figcaption></figure>`)
        .join("\n");
      return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.intro)}</p>${figs}</section>`;
    })
    .join("\n");
  const specs = Object.fromEntries(sections.flatMap((s) => s.figures.map((f) => [f.id, { data: f.traces, layout: f.layout }])));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Prompt-attention: theory against simulation</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
figure{margin:2em 0;border-top:1px solid #ddd;padding-top:1em}.plot{width:100%;height:520px}
figcaption{color:#444;font-size:.95em}.fid{color:#888;font-size:.85em}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
caption{text-align:left;color:#444;padding-bottom:.4em}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;font-size:.9em}dt{color:#666}dd{margin:0}
</style>
<script>${plotly}</script></head>
<body><h1>On the Role of Attention in Prompt-tuning — theory against simulation</h1>
${claimsTable(page.claims)}
${provenanceBlock(page.provenance, sections)}
<ol>${toc}</ol>
${body}
<script>
const SPECS = ${embedJson(specs)};
const BASE = {margin: {t: 30, r: 30}, font: {size: 13}, legend: {orientation: "h", x: 0, xanchor: "left", y: -0.18, yanchor: "top"}};
for (const el of document.querySelectorAll(".plot")) {
  const spec = SPECS[el.dataset.figure];
  const layout = Object.assign({}, BASE, spec.layout, {legend: Object.assign({}, BASE.legend, spec.layout.legend)});
  const svg = {name: "Download plot as SVG", icon: Plotly.Icons.disk, click: (gd) => Plotly.downloadImage(gd, {format: "svg", filename: el.dataset.figure})};
  Plotly.newPlot(el, spec.data, layout, {responsive: true, displaylogo: false, toImageButtonOptions: {format: "png", filename: el.dataset.figure, scale: 2}, modeBarButtonsToAdd: [svg]});
}
</script></body></html>
`;
}
