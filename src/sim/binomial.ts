/**
 * Exact (Clopper–Pearson) confidence interval for a binomial proportion: with x successes in n
 * trials, low is the p at which P(X ≥ x) = (1 − level)/2 and high the p at which
 * P(X ≤ x) = (1 − level)/2. Through the beta–binomial identity these are beta quantiles:
 *   low = Beta⁻¹((1 − level)/2; x, n − x + 1),  high = Beta⁻¹((1 + level)/2; x + 1, n − x),
 * with low = 0 at x = 0 and high = 1 at x = n.
 *
 * `coinDispersion` tests many counts at once against "each is Binomial(n, 1/2)".
 */
import jStat from "jstat";

/** A proportion's point estimate with its confidence interval. */
export interface ProportionInterval {
  /** x / n */
  mean: number;
  low: number;
  high: number;
  successes: number;
  trials: number;
  level: number;
}

/** Clopper–Pearson interval for `successes` out of `trials` at the given level (see the module comment). */
export function clopperPearson(successes: number, trials: number, level = 0.95): ProportionInterval {
  if (!(Number.isInteger(trials) && trials >= 1)) throw new RangeError(`trials must be a positive integer, got ${trials}`);
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= trials)) throw new RangeError(`successes must be an integer in [0, ${trials}], got ${successes}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const tail = (1 - level) / 2;
  const low = successes === 0 ? 0 : jStat.beta.inv(tail, successes, trials - successes + 1);
  const high = successes === trials ? 1 : jStat.beta.inv(1 - tail, successes + 1, trials - successes);
  if (!(low >= 0 && high <= 1 && low <= high)) throw new Error(`clopperPearson: beta quantiles failed for x=${successes}, n=${trials}`);
  return { mean: successes / trials, low, high, successes, trials, level };
}

export interface DispersionTest {
  /** Σ_i (x_i − n/2)² / (n/4) */
  statistic: number;
  /** degrees of freedom: the number of counts */
  df: number;
  /** the χ²_df quantile at `level` */
  critical: number;
  pValue: number;
  reject: boolean;
}

/**
 * Are the counts x_1..x_M (each out of n) all Binomial(n, 1/2)? Under that hypothesis each
 * (x_i − n/2)/√(n/4) has mean 0 and variance 1, so the sum of squares is ≈ χ²_M (normal
 * approximation, good for n ≳ 30). It catches classifiers that are right on some parameters
 * and wrong on others, which a pooled count would average away.
 */
export function coinDispersion(counts: number[], n: number, level = 0.99): DispersionTest {
  if (counts.length === 0) throw new RangeError("coinDispersion: no counts");
  let statistic = 0;
  for (const x of counts) statistic += (x - n / 2) ** 2 / (n / 4);
  const df = counts.length;
  const critical = jStat.chisquare.inv(level, df);
  return { statistic, df, critical, pValue: 1 - jStat.chisquare.cdf(statistic, df), reject: statistic > critical };
}

/**
 * The interval of an accuracy whose ties count ½ (src/train/accuracy.ts): the count s = correct +
 * ties/2 is a half-integer when the ties are odd. Both Clopper–Pearson ends grow with the count,
 * so [low(⌊s⌋), high(⌈s⌉)] covers the intervals of both integer neighbours: exact when s is an
 * integer, conservative by half a count otherwise.
 */
export function clopperPearsonHalf(successes: number, trials: number, level = 0.95): ProportionInterval {
  if (!Number.isInteger(2 * successes)) throw new RangeError(`successes must be a multiple of 1/2, got ${successes}`);
  const low = clopperPearson(Math.floor(successes), trials, level).low;
  const high = clopperPearson(Math.ceil(successes), trials, level).high;
  return { mean: successes / trials, low, high, successes, trials, level };
}
