/**
 * The self-contained report page: Plotly's bundle inlined once, then one <div> per figure
 * with its spec embedded as JSON. No network access is needed to view it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Section } from "./types.ts";

const require = createRequire(import.meta.url);

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** JSON safe to embed in a <script> element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function renderReport(sections: Section[], meta: Record<string, string | number | boolean>): string {
  const plotly = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  const toc = sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join("");
  const body = sections
    .map((s) => {
      const figs = s.figures
        .map((f) => `<figure id="fig-${f.id}"><h3>${escapeHtml(f.title)}</h3><div class="plot" data-figure="${f.id}"></div>` +
          `<figcaption>${escapeHtml(f.caption)} <a href="data/${f.id}.csv">data (CSV)</a> · <a href="data/${f.id}.json">JSON</a></figcaption></figure>`)
        .join("\n");
      return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.intro)}</p>${figs}</section>`;
    })
    .join("\n");
  const specs = Object.fromEntries(sections.flatMap((s) => s.figures.map((f) => [f.id, { data: f.traces, layout: f.layout }])));
  const metaLine = Object.entries(meta).map(([k, v]) => `${k}: ${escapeHtml(String(v))}`).join(" · ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Prompt-attention: theory against simulation</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
figure{margin:2em 0;border-top:1px solid #ddd;padding-top:1em}.plot{width:100%;height:460px}
figcaption{color:#444;font-size:.95em}.meta{color:#666;font-size:.85em}
</style>
<script>${plotly}</script></head>
<body><h1>On the Role of Attention in Prompt-tuning — theory against simulation</h1>
<p class="meta">${metaLine}</p><ol>${toc}</ol>
${body}
<script>
const SPECS = ${embedJson(specs)};
for (const el of document.querySelectorAll(".plot")) {
  const spec = SPECS[el.dataset.figure];
  Plotly.newPlot(el, spec.data, Object.assign({margin:{t:30}}, spec.layout), {responsive: true, displaylogo: false});
}
</script></body></html>
`;
}
