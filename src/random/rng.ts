/**
 * Seeded pseudo-random generator: xoshiro128** (32-bit state words, so every
 * operation stays in fast int32 arithmetic), seeded through splitmix32.
 * Every random draw in the toolkit comes from an Rng passed in explicitly;
 * the same seed gives bit-identical streams on every platform.
 */

const TWO_POW_M32 = 2 ** -32;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M52 = 2 ** -52;

/** splitmix32 step: a bijective avalanche of a 32-bit word. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Spare normal from the polar method (NaN when empty). */
  private spare = NaN;

  /**
   * @param seed any integer in [0, 2^53); different seeds give independent-looking streams
   * @param stream optional sub-stream index (e.g. a trial number): (seed, stream) pairs are
   *   hashed, so trial i of a run gets the same draws whichever worker runs it
   */
  constructor(seed: number, stream = 0) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
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

  /** Standard normal draw (Marsaglia's polar method; the second value is kept). */
  normal(): number {
    if (this.spare === this.spare) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    let a: number, b: number, s: number;
    do {
      a = 2 * this.uniform() - 1;
      b = 2 * this.uniform() - 1;
      s = a * a + b * b;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = b * f;
    return a * f;
  }

  /**
   * Fill `out` with i.i.d. N(0, scale²) draws: the same stream as `scale * normal()` called
   * out.length times, with the generator state held in locals (twice as fast in V8; this is the
   * Monte Carlo's hottest loop).
   */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    const len = out.length;
    let i = 0;
    if (len > 0 && this.spare === this.spare) {
      out[i++] = scale * this.spare;
      this.spare = NaN;
    }
    let s0 = this.s0 | 0, s1 = this.s1 | 0, s2 = this.s2 | 0, s3 = this.s3 | 0;
    while (i < len) {
      // four xoshiro128** steps (see nextUint32) give two 53-bit uniforms U (see uniform);
      // 2U − 1 = (hi·2^26 + lo)·2^−52 − 1 exactly, as scaling by a power of two is exact
      let t = s1 << 9;
      const aHi = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 5;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      t = s1 << 9;
      const aLo = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 6;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      t = s1 << 9;
      const bHi = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 5;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      t = s1 << 9;
      const bLo = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 6;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      const a = (aHi * 67108864 + aLo) * TWO_POW_M52 - 1;
      const b = (bHi * 67108864 + bLo) * TWO_POW_M52 - 1;
      const s = a * a + b * b;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = scale * (a * f);
      if (i < len) out[i++] = scale * (b * f);
      else this.spare = b * f;
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
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p.slice(0, k).sort();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
