/**
 * The contextual-MNIST data of one run: the image split and frozen PCA embedding (fixed per
 * (splitSeed, d), fitted once per process), one seed's three canvas sets, and the attention mass
 * on a set's relevant cells.
 */
import { Rng } from "../random/rng.ts";
import { loadMnist, splitImages, sampleCanvases, type Canvases, type MnistImages, type MnistSplits } from "../data/mnist.ts";
import { fitPcaEmbedding, TokenEmbedder, type Embedding } from "../data/embedding.ts";
import { attentionWeights } from "../models/promptAttention.ts";
import type { MnistParams } from "./mnistParams.ts";

/** Images, split, embedding and token cache: fixed per (splitSeed, d), built once per process. */
export interface MnistContext {
  images: MnistImages;
  splits: MnistSplits;
  embedding: Embedding;
  embedder: TokenEmbedder;
}

const contexts = new Map<string, MnistContext>();

export function mnistContext(splitSeed: number, d: number): MnistContext {
  const key = `${splitSeed}:${d}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    const images = loadMnist();
    const splits = splitImages(images, splitSeed);
    const embedding = fitPcaEmbedding(images, splits.embedding, d);
    ctx = { images, splits, embedding, embedder: new TokenEmbedder(images, embedding) };
    contexts.set(key, ctx);
  }
  return ctx;
}

/** Mean attention mass of prompt q on the relevant cells, over a token set with known R. */
export function attentionMass(X: Float64Array[], relevant: Int32Array[], T: number, d: number, q: Float64Array): number {
  let total = 0;
  const s = new Float64Array(T);
  X.forEach((x, i) => {
    attentionWeights("softmax", x, T, d, q, s);
    for (const t of relevant[i]!) total += s[t]!;
  });
  return total / X.length;
}

/** The three canvas sets of one seed, each from its own labelled stream. */
export function sampleSplits(ctx: MnistContext, p: MnistParams, seed: number): { train: Canvases; validation: Canvases; test: Canvases } {
  return {
    train: sampleCanvases(ctx.splits.train, p, p.n, Rng.derive(seed, "mnist/train-canvases")),
    validation: sampleCanvases(ctx.splits.validation, p, p.nValidation, Rng.derive(seed, "mnist/validation-canvases")),
    test: sampleCanvases(ctx.splits.test, p, p.nTest, Rng.derive(seed, "mnist/test-canvases")),
  };
}
