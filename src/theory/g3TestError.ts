/**
 * G3, test error of (q1, w2) (derivation in theorems/G3.ts, steps 4–6).
 *
 * Given q1 (through q_u = uᵀq1, q_v = vᵀq1, ‖q1‖), a fresh input's scores are A + yB + τZ_t on R
 * and τZ_t elsewhere (A = c q_u, B = r q_v, τ = σ‖q1‖), and y Xᵀs = a + σN g with
 *   a = (y S c u_q + S r v_q + σ y V,  y S c u_1 + S r v_1,  S r v_2)  in the basis (q̂, f1, f2)
 * of span{q̂, u, v} (S = mass on R, V = Σ s_t Z_t, N = ‖s‖, g ~ N(0, I) off q̂). The head
 * w2/η = (1/n) Σ_{S3} y_i X_iᵀ s_i is replaced by its Gaussian equivalent N(μ, C) on (q̂, f1, f2)
 * with the exact per-sample moments, and its bulk norm² by its mean b² = (d − 3)σ²E[N²]/n.
 *
 * Given the test input's (a, N) and its noise coordinates (g1, g2) on (f1, f2), y f is then exactly
 * Gaussian over w2's law: mean uᵀμ, variance uᵀCu + σ²N²b², u = a + σN(0, g1, g2). So
 *   P(y f < 0) = E_{scores, g1, g2}[ Q(uᵀμ / √(uᵀCu + σ²N²b²)) ]:
 * w2 is integrated in closed form (the earlier 2-point rule per axis of w2 was biased by up to
 * 0.013 at c = 2), (g1, g2) by a product Gauss–Hermite rule and the scores by a seeded Monte Carlo
 * over scalars whose draws are shared by every quadrature node (common random numbers), so its
 * stated standard error is that of the whole weighted sum and the change between two rules is
 * measured free of Monte Carlo noise.
 */
import { Q } from "../special/normal.ts";
import { gaussHermite } from "../special/quadrature.ts";
import { Rng } from "../random/rng.ts";
import { q1ScalarNodes } from "./g3AttentionMass.ts";
import type { GdParams } from "./gdParams.ts";

export interface TestErrorPrediction {
  error: number;
  /** Monte Carlo standard error of the score draws */
  stderr: number;
  /** change from the coarser rule (6×2×2 nodes of q1, 6×6 of (g1, g2)) to the one reported (8×2×2, 8×8) */
  quadratureError: number;
  /** its paired standard error (the same draws feed both rules) */
  quadratureErrorStderr: number;
  draws: number;
}

interface Rule {
  nodes: { qu: number; qv: number; normSq: number; weight: number }[];
  g: { x: number[]; w: number[] };
  /** per draw: Σ_nodes weight · P(y f < 0 | draw), accumulated here */
  totals: Float64Array;
}

const BATCH = 512;

/** Draws of (y, Z_1..Z_T) in batches re-creatable from (seed, batch), so memory does not grow with M·T. */
function batchDraws(seed: number, b: number, size: number, T: number): { y: Float64Array; Z: Float64Array } {
  const rng = Rng.derive(seed, "g3/test-error-draws", b);
  const y = new Float64Array(size), Z = new Float64Array(size * T);
  for (let i = 0; i < size; i++) y[i] = rng.sign();
  rng.fillNormal(Z);
  return { y, Z };
}

/** Per-draw score statistics for one node: writes the feature a (3) at a[off..off+2] and returns N = ‖s‖. */
function scoreFeature(p: GdParams, q: { qu: number; qv: number; normSq: number }, y: number, Z: Float64Array, zOff: number, s: Float64Array, a: Float64Array, off: number): number {
  const { T, k, c, r, sigma } = p;
  const qn = Math.sqrt(q.normSq), tau = sigma * qn;
  const A = c * q.qu, B = r * q.qv;
  let max = -Infinity;
  for (let t = 0; t < T; t++) {
    s[t] = (t < k ? A + y * B : 0) + tau * Z[zOff + t]!;
    if (s[t]! > max) max = s[t]!;
  }
  let z = 0;
  for (let t = 0; t < T; t++) z += s[t] = Math.exp(s[t]! - max);
  let S = 0, V = 0, N2 = 0;
  for (let t = 0; t < T; t++) {
    const w = s[t]! / z;
    if (t < k) S += w;
    V += w * Z[zOff + t]!;
    N2 += w * w;
  }
  // basis: q̂; f1 ∝ u − u_q q̂; f2 completes span{q̂, u, v}
  const uq = qn > 0 ? q.qu / qn : 1, vq = qn > 0 ? q.qv / qn : 0;
  const u1 = Math.sqrt(Math.max(0, 1 - uq * uq));
  const v1 = u1 > 0 ? (-uq * vq) / u1 : Math.sqrt(Math.max(0, 1 - vq * vq));
  const v2 = Math.sqrt(Math.max(0, 1 - vq * vq - v1 * v1));
  a[off] = y * S * c * uq + S * r * vq + sigma * y * V;
  a[off + 1] = y * S * c * u1 + S * r * v1;
  a[off + 2] = S * r * v2;
  return Math.sqrt(N2);
}

/**
 * Adds each rule's Σ_nodes weight · P(y f < 0 | draw) to its totals. The draws are generated twice
 * in all, batch by batch (pass 1: w2's moments at every node; pass 2: the errors), and every node of
 * every rule is evaluated on each batch; memory O(nodes · BATCH + BATCH · T). Cost: 2·M·T normal
 * draws, 2·M·T·(nodes) exponentials and M·Σ_rules nodes·m² evaluations of Q (m² the (g1, g2) rule).
 */
function accumulate(p: GdParams, rules: Rule[], M: number, seed: number): void {
  const { T, sigma, n, d } = p;
  const nodes = rules.flatMap((rule) => rule.nodes.map((node) => ({ node, rule })));
  const K = nodes.length, batches = Math.ceil(M / BATCH);
  const s = new Float64Array(T), feat = new Float64Array(K * BATCH * 4); // (a0, a1, a2, N) per node and draw
  const features = (b: number, size: number): void => {
    const { y, Z } = batchDraws(seed, b, size, T);
    for (let j = 0; j < K; j++) {
      for (let i = 0; i < size; i++) {
        const off = 4 * (j * BATCH + i);
        feat[off + 3] = scoreFeature(p, nodes[j]!.node, y[i]!, Z, i * T, s, feat, off);
      }
    }
  };
  // pass 1: the exact per-sample moments of y Xᵀs at each node, hence w2's Gaussian equivalent
  const mom = nodes.map(() => ({ mean: [0, 0, 0], sec: new Array<number>(9).fill(0), EN2: 0 }));
  for (let b = 0; b < batches; b++) {
    const size = Math.min(BATCH, M - b * BATCH);
    features(b, size);
    for (let j = 0; j < K; j++) {
      const { mean, sec } = mom[j]!;
      for (let i = 0; i < size; i++) {
        const off = 4 * (j * BATCH + i), N = feat[off + 3]!;
        for (let x = 0; x < 3; x++) {
          mean[x] += feat[off + x]! / M;
          for (let z = 0; z < 3; z++) sec[3 * x + z] += (feat[off + x]! * feat[off + z]!) / M;
        }
        mom[j]!.EN2 += (N * N) / M;
      }
    }
  }
  const laws = mom.map(({ mean, sec, EN2 }) => {
    const noise = sigma * sigma * EN2;
    sec[4] += noise;
    sec[8] += noise;
    const bulk = ((d - 3) * noise) / n;
    return { mean, C: sec.map((v, ij) => (v - mean[Math.floor(ij / 3)]! * mean[ij % 3]!) / n), bulk };
  });
  // pass 2: the error of each draw, integrated over w2's law in closed form and over (g1, g2) by the rule
  for (let b = 0; b < batches; b++) {
    const size = Math.min(BATCH, M - b * BATCH);
    features(b, size);
    for (let j = 0; j < K; j++) {
      const { node, rule } = nodes[j]!, { mean, C, bulk } = laws[j]!, gx = rule.g.x, gw = rule.g.w;
      for (let i = 0; i < size; i++) {
        const off = 4 * (j * BATCH + i), sN = sigma * feat[off + 3]!;
        let e = 0;
        for (let j1 = 0; j1 < gx.length; j1++) for (let j2 = 0; j2 < gx.length; j2++) {
          const u0 = feat[off]!, u1 = feat[off + 1]! + sN * gx[j1]!, u2 = feat[off + 2]! + sN * gx[j2]!;
          const m = u0 * mean[0]! + u1 * mean[1]! + u2 * mean[2]!;
          const v = u0 * (C[0]! * u0 + 2 * C[1]! * u1 + 2 * C[2]! * u2) + u1 * (C[4]! * u1 + 2 * C[5]! * u2) + u2 * C[8]! * u2 + sN * sN * bulk;
          e += gw[j1]! * gw[j2]! * (v > 0 ? Q(m / Math.sqrt(v)) : m > 0 ? 0 : m < 0 ? 1 : 0.5);
        }
        rule.totals[b * BATCH + i] += node.weight * e;
      }
    }
  }
}

const meanAndStderr = (x: Float64Array) => {
  const M = x.length, mean = x.reduce((s, v) => s + v, 0) / M;
  return { mean, stderr: Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (M - 1) / M) };
};

/** Predicted test error of (q1, w2) for a GIVEN q1 (its coordinates q_u, q_v and ‖q1‖²), over the law of w2 | q1. */
export function testErrorGivenQ1(p: GdParams, q: { qu: number; qv: number; normSq: number }, opts: { draws?: number; seed?: number } = {}): { error: number; stderr: number } {
  const M = opts.draws ?? 20000, totals = new Float64Array(M);
  accumulate(p, [{ nodes: [{ ...q, weight: 1 }], g: gaussHermite(8), totals }], M, opts.seed ?? 1);
  const e = meanAndStderr(totals);
  return { error: e.mean, stderr: e.stderr };
}

/**
 * G3: predicted test error of (q1, w2) over the laws of q1 and w2 | q1, with its Monte Carlo and
 * quadrature errors. Cost (accumulate): 56 nodes on 2·M draws of T scores, 2912·M evaluations of Q;
 * M = 4000 by default (~1.9 s of CPU at T = 6–16, 5.6 s at T = 1024), linear in M and, for T ≳ 50, in T.
 */
export function predictedTestError(p: GdParams, opts: { draws?: number; seed?: number } = {}): TestErrorPrediction {
  const M = opts.draws ?? 4000, seed = opts.seed ?? 1;
  const fine = new Float64Array(M), coarse = new Float64Array(M);
  accumulate(p, [{ nodes: q1ScalarNodes(p, 8, 2), g: gaussHermite(8), totals: fine }, { nodes: q1ScalarNodes(p, 6, 2), g: gaussHermite(6), totals: coarse }], M, seed);
  const e = meanAndStderr(fine), dq = meanAndStderr(fine.map((v, i) => v - coarse[i]!));
  return { error: Math.min(1, Math.max(0, e.mean)), stderr: e.stderr, quadratureError: Math.abs(dq.mean), quadratureErrorStderr: dq.stderr, draws: M };
}
