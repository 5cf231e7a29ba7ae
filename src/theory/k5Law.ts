/**
 * The law of (S, N) for K5 (docs/theory.md §4): S = Σ_{t∈R} s_t and N = σ‖s‖, where the attention
 * weights s depend on the T context coordinates ⟨x_t, u⟩ = c·1_R + ρc·1_{R^c} + σξ_t, ξ ~ N(0, I_T).
 * The weights are computed here from those coordinates (softmax of θ·coords, or θ·coords/T for
 * linear pooling), independently of the model code; test/k5 checks them against the model.
 *
 * Integration rules over ξ:
 *   - tensor Gauss–Hermite for T ≤ 3 (error: disagreement with the half-node rule);
 *   - a randomized Korobov lattice (src/special/lattice.ts) for 4 ≤ T ≤ 64: `shifts` independent
 *     random shifts of an n-point lattice, the shifts serving as batches for standard errors;
 *   - plain Monte Carlo beyond (or on request), with interleaved batches.
 * Memory does not grow with T: the rule's coordinates are cached only up to CACHE_DOUBLES
 * numbers, and otherwise regenerated block by block (at most BLOCK_DOUBLES at a time) for each
 * law, which is then two arrays of length `points`. Cost of one law: points·T exponentials,
 * plus points·T inverse normals (lattice) or normal draws (Monte Carlo) when not cached.
 */
import { Rng } from "../random/rng.ts";
import { Q } from "../special/normal.ts";
import { gaussHermite } from "../special/quadrature.ts";
import { korobovVector, latticeNormals, LATTICE_PRIMES } from "../special/lattice.ts";
import type { PoolingParams } from "./pooling.ts";

export type K5Params = PoolingParams;

export interface ContextRule {
  kind: "gauss-hermite" | "lattice" | "monte-carlo";
  T: number;
  points: number;
  /** Weight of each point; they sum to 1. */
  w: Float64Array;
  /** Batches for standard errors (lattice: the random shifts; point j is in batch j mod batches); 0 for quadrature. */
  batches: number;
  /** points × T standardized coordinates (row-major), when cached. */
  z?: Float64Array;
  /** Writes rows [from, to) of the coordinates into `out` (rules too large to cache). */
  fill?: (from: number, to: number, out: Float64Array) => void;
  /** Gauss–Hermite: the rule with half the nodes, whose disagreement is the error estimate. */
  coarse?: ContextRule;
  seed?: number;
}

export interface RuleOptions {
  /** Points of a Monte Carlo rule; for a lattice, the largest n·shifts not above it (default 65 248 = 2039·32). */
  draws?: number;
  seed?: number;
  /** Batches (Monte Carlo) or random shifts (lattice); default 32 (31 degrees of freedom for the standard error). */
  batches?: number;
  /** Largest T integrated by tensor Gauss–Hermite (default 3; 0 never). */
  quadratureMaxT?: number;
  /** Rule for T beyond quadrature: "lattice" (default for T ≤ 64) or "monte-carlo". */
  method?: "lattice" | "monte-carlo";
}

export const DEFAULT_DRAWS = 2039 * 32;
const DEFAULT_BATCHES = 32;
const LATTICE_MAX_T = 64;
/** Largest cached rule (64 MiB of coordinates) and largest block generated at once (8 MiB). */
const CACHE_DOUBLES = 2 ** 23;
const BLOCK_DOUBLES = 2 ** 20;
/** Nodes per dimension of the tensor Gauss–Hermite rule, by T (total points ≤ 6.4e4). */
const GH_NODES: Record<number, number> = { 1: 160, 2: 160, 3: 40 };

function tensorRule(T: number, m: number): ContextRule {
  const { x, w } = gaussHermite(m);
  const points = m ** T;
  const z = new Float64Array(points * T);
  const wt = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    let rest = p, weight = 1;
    for (let t = 0; t < T; t++) {
      const j = rest % m;
      rest = (rest - j) / m;
      z[p * T + t] = x[j]!;
      weight *= w[j]!;
    }
    wt[p] = weight;
  }
  return { kind: "gauss-hermite", T, z, w: wt, points, batches: 0 };
}

/** Rows per generated block: fewer for large T, so that a block holds at most BLOCK_DOUBLES numbers. */
const rowsPerBlock = (T: number) => Math.max(1, Math.floor(BLOCK_DOUBLES / T));

/** Cache the coordinates when they fit, else keep the generator. */
function finish(rule: ContextRule): ContextRule {
  if (rule.points * rule.T > CACHE_DOUBLES) return rule;
  const z = new Float64Array(rule.points * rule.T);
  rule.fill!(0, rule.points, z);
  return { ...rule, z, fill: undefined };
}

/** The integration rule for T context coordinates (see the module comment). */
export function contextRule(T: number, opts: RuleOptions = {}): ContextRule {
  if (!(Number.isInteger(T) && T >= 1)) throw new RangeError(`contextRule: T must be an integer >= 1, got ${T}`);
  const maxT = opts.quadratureMaxT ?? 3;
  if (T <= maxT && GH_NODES[T] !== undefined) {
    const m = GH_NODES[T]!;
    return { ...tensorRule(T, m), coarse: tensorRule(T, m / 2) };
  }
  const draws = opts.draws ?? DEFAULT_DRAWS;
  const batches = opts.batches ?? DEFAULT_BATCHES;
  if (!(Number.isInteger(draws) && Number.isInteger(batches) && batches >= 2 && draws >= 2 * batches)) throw new RangeError(`contextRule: need integers draws ≥ 2·batches and batches ≥ 2, got ${draws}, ${batches}`);
  const seed = opts.seed ?? 1;
  const method = opts.method ?? (T <= LATTICE_MAX_T ? "lattice" : "monte-carlo");
  if (method === "lattice") {
    if (T > LATTICE_MAX_T) throw new RangeError(`contextRule: lattice rules are for T ≤ ${LATTICE_MAX_T}, got ${T}`);
    const n = [...LATTICE_PRIMES].reverse().find((q) => q * batches <= draws) ?? LATTICE_PRIMES[0];
    const z = korobovVector(n, T);
    const shifts = Rng.derive(seed, "k5/lattice-shifts");
    const shift = Float64Array.from({ length: batches * T }, () => shifts.uniform());
    const points = n * batches;
    const fill = (from: number, to: number, out: Float64Array) => {
      for (let j = from; j < to; j++) {
        const b = j % batches;
        latticeNormals((j - b) / batches, z, n, shift.subarray(b * T, (b + 1) * T), out.subarray((j - from) * T, (j - from + 1) * T));
      }
    };
    return finish({ kind: "lattice", T, points, w: new Float64Array(points).fill(1 / points), batches, fill, seed });
  }
  const block = rowsPerBlock(T);
  const fill = (from: number, to: number, out: Float64Array) => {
    // block i of the draws comes from its own labelled stream, so any block can be regenerated alone
    for (let start = from - (from % block); start < to; start += block) {
      const rows = Rng.derive(seed, "k5/context-rule", start / block).fillNormal(new Float64Array(Math.min(block, to - start) * T));
      const skip = Math.max(0, from - start);
      out.set(rows.subarray(skip * T), (start + skip - from) * T);
    }
  };
  return finish({ kind: "monte-carlo", T, points: draws, w: new Float64Array(draws).fill(1 / draws), batches, fill, seed });
}

/** A weighted point set of (S, N); weights sum to 1. */
export interface AttentionLaw {
  S: Float64Array;
  N: Float64Array;
  w: Float64Array;
  /** How the law was obtained: exact (constant weights or hardmax) or by the given rule. */
  exact: boolean;
}

/** Weights that do not depend on the context noise: uniform pooling, or softmax at θ = 0. */
export function constantWeights(p: K5Params): boolean {
  return p.pool === "uniform" || (p.pool === "softmax" && p.theta === 0);
}

/**
 * Hardmax (θ = ∞): all mass on the token with the highest score, so S ∈ {0, 1} and N = σ. With
 * δ = (1 − ρ)c/σ, P(S = 1) = k E[Φ(Z)^{k−1} Φ(Z + δ)^{T−k}]: one relevant token beats the other
 * k − 1 relevant ones and the T − k irrelevant ones. Its error: the 160- against the 80-node rule.
 */
export function hardmaxRelevantProbability(T: number, k: number, c: number, rho: number, sigma: number): { p: number; error: number } {
  if (k === T) return { p: 1, error: 0 };
  const delta = ((1 - rho) * c) / sigma;
  const integrate = (m: number) => {
    const { x, w } = gaussHermite(m);
    let s = 0;
    for (let j = 0; j < m; j++) s += w[j]! * (1 - Q(x[j]!)) ** (k - 1) * (1 - Q(x[j]! + delta)) ** (T - k);
    return Math.min(1, k * s);
  };
  const fine = integrate(160);
  return { p: fine, error: Math.abs(fine - integrate(80)) };
}

/** (S, N) of the weights on rows [0, rows) of z, into S and N at offset `at`. Relevant tokens are the first k (the law is exchangeable). */
function weighRows(p: K5Params, z: Float64Array, rows: number, S: Float64Array, N: Float64Array, at: number): void {
  const { T, k, c, rho, sigma, theta } = p;
  if (p.pool === "softmax") {
    // softmax(θ·coords) with the max subtracted: scores θσξ_t plus θ(1 − ρ)c on R
    const lift = theta * (1 - rho) * c, scale = theta * sigma;
    for (let j = 0, off = 0; j < rows; j++, off += T) {
      let max = -Infinity;
      for (let t = 0; t < T; t++) max = Math.max(max, scale * z[off + t]! + (t < k ? lift : 0));
      let Z = 0, ZR = 0, Z2 = 0;
      for (let t = 0; t < T; t++) {
        const x = Math.exp(scale * z[off + t]! + (t < k ? lift : 0) - max);
        Z += x;
        Z2 += x * x;
        if (t < k) ZR += x;
      }
      S[at + j] = ZR / Z;
      N[at + j] = (sigma * Math.sqrt(Z2)) / Z;
    }
    return;
  }
  // linear pooling: s_t = θ·coord_t / T
  for (let j = 0, off = 0; j < rows; j++, off += T) {
    let sR = 0, ss = 0;
    for (let t = 0; t < T; t++) {
      const s = (theta * ((t < k ? c : rho * c) + sigma * z[off + t]!)) / T;
      if (t < k) sR += s;
      ss += s * s;
    }
    S[at + j] = sR;
    N[at + j] = sigma * Math.sqrt(ss);
  }
}

/** The law of (S, N) at prompt norm θ, on the points of `rule` (or exactly where possible). */
export function attentionLaw(p: K5Params, rule: ContextRule): AttentionLaw {
  const { T, k, c, rho, sigma, theta, pool } = p;
  if (constantWeights(p)) return { S: Float64Array.of(k / T), N: Float64Array.of(sigma / Math.sqrt(T)), w: Float64Array.of(1), exact: true };
  if (theta === Infinity) {
    if (pool !== "softmax") throw new RangeError("attentionLaw: θ = ∞ (hardmax) is defined for softmax pooling only");
    const { p: pRel } = hardmaxRelevantProbability(T, k, c, rho, sigma);
    return { S: Float64Array.of(1, 0), N: Float64Array.of(sigma, sigma), w: Float64Array.of(pRel, 1 - pRel), exact: true };
  }
  if (rule.T !== T) throw new RangeError(`attentionLaw: the rule is for T = ${rule.T}, the law has T = ${T}`);
  const S = new Float64Array(rule.points), N = new Float64Array(rule.points);
  if (rule.z) weighRows(p, rule.z, rule.points, S, N, 0);
  else {
    const block = rowsPerBlock(T);
    const buf = new Float64Array(block * T);
    for (let from = 0; from < rule.points; from += block) {
      const rows = Math.min(block, rule.points - from);
      rule.fill!(from, from + rows, buf);
      weighRows(p, buf, rows, S, N, from);
    }
  }
  return { S, N, w: rule.w, exact: false };
}

/** The law restricted to batch `b` of `B` interleaved batches, weights renormalized. */
export function batchLaw(law: AttentionLaw, b: number, B: number): AttentionLaw {
  const size = Math.ceil((law.S.length - b) / B);
  const S = new Float64Array(size), N = new Float64Array(size), w = new Float64Array(size);
  let total = 0;
  for (let i = 0, j = b; j < law.S.length; i++, j += B) {
    S[i] = law.S[j]!;
    N[i] = law.N[j]!;
    total += w[i] = law.w[j]!;
  }
  for (let i = 0; i < size; i++) w[i]! /= total;
  return { S, N, w, exact: law.exact };
}
