/**
 * Frozen token embedding for contextual MNIST: whitened PCA fitted on the embedding pool only
 * (images used nowhere else). It stands in for a pretrained backbone: a fixed map from a cell's
 * pixels to d coordinates. The 28×28 image is first averaged over 2×2 blocks (14×14 = 196
 * values: PCA on 784 pixels costs seconds per process, on 196 a tenth of a second, and the top
 * components of the two barely differ), then x_j = ⟨p_j, z − μ⟩ / √λ_j for the top-d principal
 * directions p_j with variances λ_j. Whitening gives every coordinate unit variance on the fit
 * images, so gradient descent on any downstream model is well conditioned.
 */
import { Matrix, EigenvalueDecomposition } from "ml-matrix";
import { dot, gramT } from "../linalg/kernels.ts";
import { IMAGE_PIXELS, IMAGE_SIDE, cellPixels, type Canvases, type ImagePool, type MnistImages } from "./mnist.ts";
import type { Dataset } from "./dataset.ts";

/** Side and length of the 2×2-pooled image the PCA works on. */
export const POOLED_SIDE = IMAGE_SIDE / 2;
export const POOLED_PIXELS = POOLED_SIDE * POOLED_SIDE;

/** Average a 28×28 image over 2×2 blocks. */
export function poolImage(pixels: ArrayLike<number>, out: Float64Array = new Float64Array(POOLED_PIXELS)): Float64Array {
  for (let a = 0; a < POOLED_SIDE; a++) for (let b = 0; b < POOLED_SIDE; b++) {
    const i = 2 * a * IMAGE_SIDE + 2 * b;
    out[a * POOLED_SIDE + b] = 0.25 * (pixels[i]! + pixels[i + 1]! + pixels[i + IMAGE_SIDE]! + pixels[i + IMAGE_SIDE + 1]!);
  }
  return out;
}

export interface Embedding {
  d: number;
  /** Mean pooled image of the fit pool. */
  mean: Float64Array;
  /** Rows p_j / √λ_j, flat d × 196. */
  components: Float64Array;
  /** λ_1 ≥ … ≥ λ_d: the variances the components keep. */
  variances: Float64Array;
  /** Fraction of the fit pool's (pooled) pixel variance the d components keep. */
  explained: number;
  /** Number of images the map was fitted on. */
  fitCount: number;
}

/** Fit the embedding on the images of one pool (it must be the held-out embedding pool). */
export function fitPcaEmbedding(images: MnistImages, pool: ImagePool, d: number): Embedding {
  const m = pool.all.length, p = POOLED_PIXELS;
  if (!(Number.isInteger(d) && d >= 1 && d <= Math.min(p, m - 1))) throw new RangeError(`d must be an integer in [1, ${Math.min(p, m - 1)}], got ${d}`);
  const centered = new Float64Array(m * p);
  pool.all.forEach((idx, i) => poolImage(images.pixels.subarray(idx * IMAGE_PIXELS, (idx + 1) * IMAGE_PIXELS), centered.subarray(i * p, (i + 1) * p)));
  const mean = new Float64Array(p);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) mean[j] += centered[i * p + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= m;
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) centered[i * p + j]! -= mean[j]!;
  const cov = gramT(centered, m, p);
  const C = new Matrix(p, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) C.set(i, j, cov[i * p + j]! / (m - 1));
  const eig = new EigenvalueDecomposition(C, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const components = new Float64Array(d * p);
  const variances = new Float64Array(d);
  let kept = 0;
  for (let j = 0; j < d; j++) {
    const col = order[j]!;
    const lambda = values[col]!;
    if (!(lambda > 1e-12 * total)) throw new RangeError(`embedding: component ${j + 1} has no variance (λ = ${lambda}); choose a smaller d`);
    variances[j] = lambda;
    kept += lambda;
    const scale = 1 / Math.sqrt(lambda);
    for (let i = 0; i < p; i++) components[j * p + i] = vectors.get(i, col) * scale;
  }
  return { d, mean, components, variances, explained: kept / total, fitCount: m };
}

/** Token of one 28×28 image: out_j = ⟨component_j, pool(img) − μ⟩. */
export function embedImage(emb: Embedding, pixels: ArrayLike<number>, out: Float64Array = new Float64Array(emb.d), outOff = 0): Float64Array {
  const p = POOLED_PIXELS;
  const z = poolImage(pixels);
  for (let i = 0; i < p; i++) z[i]! -= emb.mean[i]!;
  for (let j = 0; j < emb.d; j++) out[outOff + j] = dot(emb.components, z, p, j * p, 0);
  return out;
}


/**
 * Embeds canvases. Digit tokens are computed once per image and cached (the map is frozen);
 * noise cells are embedded as they come.
 */
export class TokenEmbedder {
  private readonly cache: Float64Array;
  private readonly done: Uint8Array;

  constructor(readonly images: MnistImages, readonly embedding: Embedding) {
    this.cache = new Float64Array(images.count * embedding.d);
    this.done = new Uint8Array(images.count);
  }

  /** Token of canvas i's cell t, written into out at outOff. */
  cell(set: Canvases, i: number, t: number, out: Float64Array, outOff: number): void {
    const d = this.embedding.d;
    const src = set.sources[i]![t]!;
    if (src < 0) {
      embedImage(this.embedding, cellPixels(this.images, set, i, t), out, outOff);
      return;
    }
    if (!this.done[src]) {
      embedImage(this.embedding, cellPixels(this.images, set, i, t), this.cache, src * d);
      this.done[src] = 1;
    }
    out.set(this.cache.subarray(src * d, (src + 1) * d), outOff);
  }

  /** All cells of every canvas. */
  tokens(set: Canvases): Dataset {
    const { T } = set.spec, d = this.embedding.d;
    const X = set.sources.map((_, i) => {
      const x = new Float64Array(T * d);
      for (let t = 0; t < T; t++) this.cell(set, i, t, x, t * d);
      return x;
    });
    return { X, y: set.y, T, d };
  }

  /** Only the relevant cells (k tokens per canvas): the oracle's input. */
  relevantTokens(set: Canvases): Dataset {
    const { k } = set.spec, d = this.embedding.d;
    const X = set.relevant.map((R, i) => {
      const x = new Float64Array(k * d);
      R.forEach((t, r) => this.cell(set, i, t, x, r * d));
      return x;
    });
    return { X, y: set.y, T: k, d };
  }
}
