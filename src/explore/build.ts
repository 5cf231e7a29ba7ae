/**
 * `npm run explore`: bundle the explorer (page and worker, with the theory code they import)
 * by esbuild into ONE self-contained HTML file, Plotly inlined, that opens offline from file://.
 * Usage: tsx src/explore/build.ts [--out explore/index.html]
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const r = await build({ entryPoints: [resolve(here, entry)], bundle: true, format: "iife", platform: "browser", target: "es2022", minify: true, write: false, define, logLevel: "error" });
  return r.outputFiles[0]!.text;
}

/** `</script` inside inlined code would end the element early. */
const inline = (js: string) => js.replace(/<\/script/gi, "<\\/script");

export async function buildExplorer(out: string): Promise<string> {
  const worker = await bundle("worker.ts");
  const page = await bundle("main.ts", { WORKER_SOURCE: JSON.stringify(worker) });
  const plotly = readFileSync(require.resolve("plotly.js-dist-min"), "utf8");
  const html = readFileSync(resolve(here, "page.html"), "utf8")
    .replace("<!--PLOTLY-->", () => `<script>${inline(plotly)}</script>`)
    .replace("<!--EXPLORER-->", () => `<script>${inline(page)}</script>`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp-${process.pid}`, html);
  renameSync(`${out}.tmp-${process.pid}`, out);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--out");
  const out = resolve(i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : "explore/index.html");
  await buildExplorer(out);
  console.log(`explorer written: ${pathToFileURL(out).href}`);
}
