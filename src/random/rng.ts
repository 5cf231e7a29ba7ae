/**
 * Seeded pseudo-random generator: xoshiro128** (32-bit state words, so every operation stays
 * in fast int32 arithmetic). Every random draw in the toolkit comes from an Rng passed in
 * explicitly; the same seed gives bit-identical streams on every platform.
 *
 * Streams are named, not numbered: `Rng.derive(seed, "k5/context-rule")` or
 * `Rng.derive(seed, "known-prompt/trial", i)`. The (seed, label, index) triple is encoded
 * without ambiguity (label length first, then its UTF-16 code units, then whether an index
 * follows and its two 32-bit halves) and hashed into the full 128-bit state by four
 * independently keyed lanes, so two distinct triples share a stream with probability ~2⁻¹²⁸
 * instead of colliding whenever two literal stream numbers happen to coincide.
 */
import * as zig from "./ziggurat.ts";

// module-local copies: a direct const is cheaper to load in the hot loop than an import binding
const ZIG_X = zig.ZIG_X, ZIG_F = zig.ZIG_F, ZIG_RATIO = zig.ZIG_RATIO, ZIG_R = zig.ZIG_R;

/**
 * Version of what a (seed, stream) produces. Recorded in every Monte Carlo output, because a
 * change here changes every seed's numbers.
 *   1: polar-method normals, streams chosen by literal integers;
 *   2: ziggurat normals, labelled streams (Rng.derive).
 */
export const STREAM_VERSION = 2;

const TWO_POW_M32 = 2 ** -32;
const TWO_POW_M53 = 2 ** -53;

/** splitmix32 step: a bijective avalanche of a 32-bit word. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Lane keys of the stream hash (the first words of the fractional parts of √2, √3, √5, √7). */
const LANE_KEYS = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a];

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /**
   * @param seed any integer in [0, 2^53); different seeds give independent-looking streams
   * @param stream optional numbered sub-stream (kept for callers not yet on `Rng.derive`)
   */
  constructor(seed: number, stream = 0) {
    checkSeed(seed);
    if (!Number.isSafeInteger(stream) || stream < 0) throw new RangeError(`stream must be a non-negative integer, got ${stream}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    let h = mix32(lo ^ mix32(hi ^ mix32(stream >>> 0 ^ mix32(Math.floor(stream / 2 ** 32)))));
    this.s0 = h = mix32(h);
    this.s1 = h = mix32(h);
    this.s2 = h = mix32(h);
    this.s3 = mix32(h);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * The stream named `label` (optionally its `index`-th member, e.g. a trial) of `seed`.
   * Distinct (label, index) pairs give distinct streams, and a label never collides with an
   * index: "trial" with index 5 and "trial5" are different words of the encoding.
   */
  static derive(seed: number, label: string, index?: number): Rng {
    checkSeed(seed);
    if (label.length === 0) throw new RangeError("Rng.derive: the label must be non-empty");
    if (index !== undefined && !(Number.isSafeInteger(index) && index >= 0)) throw new RangeError(`Rng.derive: index must be an integer in [0, 2^53), got ${index}`);
    const words: number[] = [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, label.length];
    for (let j = 0; j < label.length; j++) words.push(label.charCodeAt(j));
    if (index === undefined) words.push(0);
    else words.push(1, index >>> 0, Math.floor(index / 2 ** 32) >>> 0);
    const state = LANE_KEYS.map((key) => {
      let h = key;
      for (const w of words) h = mix32(h ^ mix32(w ^ key));
      return mix32(h ^ words.length);
    });
    const rng = new Rng(0);
    rng.s0 = state[0]!; rng.s1 = state[1]!; rng.s2 = state[2]!; rng.s3 = state[3]!;
    if ((rng.s0 | rng.s1 | rng.s2 | rng.s3) === 0) rng.s0 = 1;
    return rng;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /** Uniform double in (0, 1): never 0, safe under log. */
  uniformOpen(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_M32;
  }

  /** Uniform integer in {0, ..., m - 1} without modulo bias. */
  int(m: number): number {
    if (!(m >= 1 && m <= 2 ** 32 && Number.isInteger(m))) throw new RangeError(`int(m) needs an integer 1 <= m <= 2^32, got ${m}`);
    const limit = 2 ** 32 - (2 ** 32 % m);
    let x: number;
    do x = this.nextUint32(); while (x >= limit);
    return x % m;
  }

  /**
   * Standard normal draw: the 256-layer ziggurat (src/random/ziggurat.ts). Each attempt takes
   * two 32-bit words: the low 8 bits of the first pick the layer, bit 8 the sign, and the other
   * 23 + 30 bits a 53-bit uniform U; U·x_i is accepted at once when U < x_{i+1}/x_i (98.8% of
   * draws), else the tail or wedge test decides with further uniforms.
   */
  normal(): number {
    for (;;) {
      const w1 = this.nextUint32();
      const w2 = this.nextUint32();
      const i = w1 & 255;
      const u = ((w1 >>> 9) * 1073741824 + (w2 >>> 2)) * TWO_POW_M53;
      const x = u * ZIG_X[i]!;
      if (u < ZIG_RATIO[i]!) return (1 - ((w1 >>> 7) & 2)) * x;
      const z = this.zigguratEdge(i, x);
      if (z === z) return (1 - ((w1 >>> 7) & 2)) * z;
    }
  }

  /**
   * The rare branch of the ziggurat: layer 0 draws from the tail x > r (Marsaglia's exponential
   * rejection); layers i ≥ 1 accept x when a uniform height in [f(x_i), f(x_{i+1})] falls under
   * f(x). Returns NaN when the attempt is rejected (the caller starts a new one).
   */
  private zigguratEdge(i: number, x: number): number {
    if (i === 0) return this.normalTail();
    const h = ZIG_F[i]! + this.uniform() * (ZIG_F[i + 1]! - ZIG_F[i]!);
    return h < Math.exp(-0.5 * x * x) ? x : NaN;
  }

  /**
   * A draw of Z ~ N(0, 1) conditional on Z > r (r = 3.654…, the ziggurat's base): Marsaglia's
   * tail method, a = −ln(U₁)/r accepted when −2 ln(U₂) ≥ a², gives r + a. Public so that
   * test/random can check the law beyond 6σ, which plain draws reach too rarely to test.
   */
  normalTail(): number {
    let a: number, b: number;
    do {
      a = -Math.log(this.uniformOpen53()) / ZIG_R;
      b = -Math.log(this.uniformOpen53());
    } while (b + b < a * a);
    return ZIG_R + a;
  }

  /** Uniform double in (0, 1) with 53 random bits. */
  private uniformOpen53(): number {
    let u: number;
    do u = this.uniform(); while (u === 0);
    return u;
  }

  /**
   * Fill `out` with i.i.d. N(0, scale²) draws: the same stream as `scale * normal()` called
   * out.length times, with the generator state held in locals on the ziggurat's fast path (the
   * Monte Carlo's hottest loop; V8 keeps the locals in registers).
   */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    const len = out.length;
    let s0 = this.s0 | 0, s1 = this.s1 | 0, s2 = this.s2 | 0, s3 = this.s3 | 0;
    let i = 0;
    for (;;) {
      // the fast path alone in the inner loop (no call in it, so the state stays in registers);
      // it breaks out to the rare edge test and is re-entered after it
      let w1 = 0, x = 0;
      while (i < len) {
        // two xoshiro128** steps (see nextUint32)
        let t = s1 << 9;
        w1 = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
        t = s1 << 9;
        const w2 = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
        const layer = w1 & 255;
        const u = ((w1 >>> 9) * 1073741824 + (w2 >>> 2)) * TWO_POW_M53;
        x = u * ZIG_X[layer]!;
        if (u >= ZIG_RATIO[layer]!) break;
        // the sign as a factor ±1, not a branch: bit 8 is a coin flip, so a branch mispredicts
        // on half the draws (branchless measured 2.6× faster); ±scale·x rounds as before
        out[i++] = scale * (1 - ((w1 >>> 7) & 2)) * x;
      }
      if (i >= len) break;
      this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
      const z = this.zigguratEdge(w1 & 255, x);
      s0 = this.s0 | 0; s1 = this.s1 | 0; s2 = this.s2 | 0; s3 = this.s3 | 0;
      if (z === z) out[i++] = scale * (1 - ((w1 >>> 7) & 2)) * z;
    }
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
    return out;
  }

  /** Random ±1 label with equal probability. */
  sign(): 1 | -1 {
    return this.nextUint32() & 1 ? 1 : -1;
  }

  /** Uniform random permutation of {0, ..., n - 1} (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** Uniform random k-subset of {0, ..., n - 1}, returned sorted (partial Fisher–Yates). */
  subset(n: number, k: number): Int32Array {
    if (!(k >= 0 && k <= n)) throw new RangeError(`subset needs 0 <= k <= n, got k=${k}, n=${n}`);
    return this.subsetInto(n, k, new Int32Array(n), new Int32Array(k));
  }

  /**
   * `subset(n, k)` without allocating, for loops that draw one per input: the same draws, the
   * sorted subset written into `out` (length k, returned), `scratch` (length ≥ n) as workspace.
   */
  subsetInto(n: number, k: number, scratch: Int32Array, out: Int32Array): Int32Array {
    if (!(k >= 0 && k <= n && scratch.length >= n && out.length === k)) throw new RangeError(`subsetInto needs 0 <= k <= n, scratch.length >= n and out.length = k, got k=${k}, n=${n}, ${scratch.length}, ${out.length}`);
    for (let i = 0; i < n; i++) scratch[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = scratch[i]!;
      out[i] = scratch[i] = scratch[j]!;
      scratch[j] = t;
    }
    // insertion sort: k is small (the relevant tokens of one input)
    for (let i = 1; i < k; i++) {
      const v = out[i]!;
      let j = i - 1;
      for (; j >= 0 && out[j]! > v; j--) out[j + 1] = out[j]!;
      out[j + 1] = v;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
