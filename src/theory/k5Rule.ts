/**
 * Integration rules over K5's T context coordinates ξ ~ N(0, I_T) (docs/theory.md §4):
 *   - tensor Gauss–Hermite for T ≤ 3 (error: disagreement with the half-node rule);
 *   - a randomized Korobov lattice (src/special/lattice.ts) for 4 ≤ T ≤ 64: `shifts` independent
 *     random shifts of an n-point lattice, the shifts serving as batches for standard errors;
 *   - plain Monte Carlo beyond (or on request).
 * Batches are contiguous ranges of points (batch b: points [⌊bP/B⌋, ⌊(b+1)P/B⌋)), so that the
 * fixed point's passes over a batch run over contiguous memory; for a lattice, batch b is shift b.
 * Memory does not grow with T: a rule's coordinates are cached only up to CACHE_DOUBLES numbers,
 * and otherwise regenerated block by block (at most BLOCK_DOUBLES at a time) for each law.
 * Building costs points·T inverse normals (lattice) or normal draws (Monte Carlo) when cached,
 * plus, once per (n, T), the lattice's Korobov search; the last RULE_CACHE_DOUBLES numbers' worth
 * of built rules are kept, so repeated calls with the same (T, options) reuse one rule.
 */
import { Rng } from "../random/rng.ts";
import { gaussHermite } from "../special/quadrature.ts";
import { korobovVector, latticeNormals, LATTICE_PRIMES } from "../special/lattice.ts";

export interface ContextRule {
  kind: "gauss-hermite" | "lattice" | "monte-carlo";
  T: number;
  points: number;
  /** Weight of each point; they sum to 1. */
  w: Float64Array;
  /** Batches for standard errors (contiguous ranges of points; lattice: the random shifts); 0 for quadrature. */
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
  /** Points of a Monte Carlo rule; for a lattice, the largest n·shifts not above it (default 49 116 = 4093·12). */
  draws?: number;
  seed?: number;
  /** Batches (Monte Carlo) or random shifts (lattice); default 12 (11 degrees of freedom for the standard error). */
  batches?: number;
  /** Largest T integrated by tensor Gauss–Hermite (default 3; 0 never). */
  quadratureMaxT?: number;
  /** Rule for T beyond quadrature: "lattice" (default for T ≤ 64) or "monte-carlo". */
  method?: "lattice" | "monte-carlo";
}

/**
 * 12 shifts of a 4093-point lattice: at T = 16 a stated stderr of the error ≤ 1.8e-4 for θσ ≤ 3,
 * below 32 shifts of 2039 points (65 248 points) with 25% fewer points: the lattice gains more
 * from n than from shifts; 12 shifts leave 11 degrees of freedom for the standard error.
 */
export const DEFAULT_DRAWS = 4093 * 12;
const DEFAULT_BATCHES = 12;
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
export const rowsPerBlock = (T: number) => Math.max(1, Math.floor(BLOCK_DOUBLES / T));

/** Cache the coordinates when they fit, else keep the generator. */
function finish(rule: ContextRule): ContextRule {
  if (rule.points * rule.T > CACHE_DOUBLES) return rule;
  const z = new Float64Array(rule.points * rule.T);
  rule.fill!(0, rule.points, z);
  return { ...rule, z, fill: undefined };
}

/** Built rules, most recent last, holding at most RULE_CACHE_DOUBLES cached coordinates in all. */
const RULE_CACHE_DOUBLES = 2 ** 23;
const built = new Map<string, ContextRule>();

/** The integration rule for T context coordinates (see the module comment); rules are immutable and shared. */
export function contextRule(T: number, opts: RuleOptions = {}): ContextRule {
  const key = JSON.stringify([T, opts.draws, opts.seed, opts.batches, opts.quadratureMaxT, opts.method]);
  const hit = built.get(key);
  if (hit) {
    built.delete(key);
    return built.set(key, hit).get(key)!;
  }
  const rule = buildRule(T, opts);
  built.set(key, rule);
  const size = (r: ContextRule) => r.z?.length ?? 0;
  let total = [...built.values()].reduce((s, r) => s + size(r), 0);
  for (const [k, r] of built) {
    if (total <= RULE_CACHE_DOUBLES || k === key) break;
    built.delete(k);
    total -= size(r);
  }
  return rule;
}

function buildRule(T: number, opts: RuleOptions): ContextRule {
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
        const b = Math.floor(j / n);
        latticeNormals(j - b * n, z, n, shift.subarray(b * T, (b + 1) * T), out.subarray((j - from) * T, (j - from + 1) * T));
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
