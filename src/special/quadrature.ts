/**
 * Gaussian quadrature rules as probability measures (weights sum to 1), by Golub–Welsch:
 * the nodes are the eigenvalues of the Jacobi matrix of the orthogonal polynomials, and the
 * weights the squared first components of its unit eigenvectors.
 *   - gaussHermite(m):      E[f(Z)], Z ~ N(0, 1), exact for polynomials of degree ≤ 2m − 1;
 *   - gaussLaguerre(m, α):  E[f(G)], G ~ Gamma(α + 1, 1), exact to the same degree.
 * A chi-square with ν degrees of freedom is 2·Gamma(ν/2, 1): gaussLaguerre(m, ν/2 − 1).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

export interface QuadratureRule {
  x: number[];
  w: number[];
}

function golubWelsch(diag: number[], off: number[]): QuadratureRule {
  const m = diag.length;
  const J = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) J.set(i, i, diag[i]!);
  for (let i = 0; i + 1 < m; i++) {
    J.set(i, i + 1, off[i]!);
    J.set(i + 1, i, off[i]!);
  }
  const eig = new EigenvalueDecomposition(J, { assumeSymmetric: true });
  const V = eig.eigenvectorMatrix;
  const nodes = eig.realEigenvalues.map((x, j) => ({ x, w: V.get(0, j) ** 2 }));
  nodes.sort((a, b) => a.x - b.x);
  const total = nodes.reduce((s, n) => s + n.w, 0);
  return { x: nodes.map((n) => n.x), w: nodes.map((n) => n.w / total) };
}

const cache = new Map<string, QuadratureRule>();

/** m-point Gauss–Hermite rule for the standard normal (probabilists' Hermite: off-diagonal √i). */
export function gaussHermite(m: number): QuadratureRule {
  if (!(Number.isInteger(m) && m >= 1 && m <= 200)) throw new RangeError(`gaussHermite: m must be an integer in [1, 200], got ${m}`);
  const key = `H${m}`;
  let rule = cache.get(key);
  if (!rule) {
    rule = golubWelsch(new Array(m).fill(0), Array.from({ length: m - 1 }, (_, i) => Math.sqrt(i + 1)));
    cache.set(key, rule);
  }
  return rule;
}

/** m-point generalized Gauss–Laguerre rule for Gamma(α + 1, 1) (α > −1). */
export function gaussLaguerre(m: number, alpha: number): QuadratureRule {
  if (!(Number.isInteger(m) && m >= 1 && m <= 200)) throw new RangeError(`gaussLaguerre: m must be an integer in [1, 200], got ${m}`);
  if (!(alpha > -1 && Number.isFinite(alpha))) throw new RangeError(`gaussLaguerre: alpha must be > -1, got ${alpha}`);
  const key = `L${m}:${alpha}`;
  let rule = cache.get(key);
  if (!rule) {
    rule = golubWelsch(
      Array.from({ length: m }, (_, i) => 2 * i + alpha + 1),
      Array.from({ length: m - 1 }, (_, i) => Math.sqrt((i + 1) * (i + 1 + alpha))),
    );
    cache.set(key, rule);
  }
  return rule;
}

/** Rule for a chi-square with ν degrees of freedom. */
export function chiSquareRule(m: number, nu: number): QuadratureRule {
  const g = gaussLaguerre(m, nu / 2 - 1);
  return { x: g.x.map((x) => 2 * x), w: g.w };
}
