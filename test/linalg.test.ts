import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { dot, gemv, gemvT, gram, gramT } from "../src/linalg/kernels.ts";
import { cholesky, choleskySolve } from "../src/linalg/cholesky.ts";
import { fitRidge } from "../src/train/ridge.ts";

const rand = (len: number, rng: Rng) => rng.fillNormal(new Float64Array(len));
const close = (a: number, b: number, tol = 1e-10) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test("kernels match their definitions on odd sizes (unrolled tails)", () => {
  const rng = new Rng(1);
  const m = 7, n = 5;
  const A = rand(m * n, rng), x = rand(n, rng), z = rand(m, rng);
  const Ax = gemv(A, m, n, x), Atz = gemvT(A, m, n, z), G = gramT(A, m, n), K = gram(A, m, n);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
    assert.ok(close(Ax[i]!, s));
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i * n + j]! * z[i]!;
    assert.ok(close(Atz[j]!, s));
    for (let k = 0; k < n; k++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += A[i * n + j]! * A[i * n + k]!;
      assert.ok(close(G[j * n + k]!, g));
      assert.equal(G[j * n + k], G[k * n + j]); // exactly symmetric
    }
  }
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) {
    assert.ok(close(K[i * m + k]!, dot(A, A, n, i * n, k * n)));
    assert.equal(K[i * m + k], K[k * m + i]);
  }
});

test("Cholesky solves SPD systems and reports failure on indefinite ones", () => {
  const rng = new Rng(2);
  const n = 9;
  const B = rand(n * 12, rng);
  const S = gram(B, n, 12);
  const b = rand(n, rng);
  const { L, ok } = cholesky(S, n);
  assert.ok(ok);
  const x = choleskySolve(L, n, b);
  const Sx = gemv(S, n, n, x);
  for (let i = 0; i < n; i++) assert.ok(close(Sx[i]!, b[i]!, 1e-9));
  const bad = Float64Array.from([1, 2, 2, 1]);
  const res = cholesky(bad, 2);
  assert.equal(res.ok, false);
  assert.equal(res.failedAt, 1);
});

test("ridge: primal and dual agree; λ = 0 gives least squares (n > d) and the minimum-norm interpolator (n < d)", () => {
  const rng = new Rng(3);
  // the same problem solved by both routes: transpose roles via a tall and a wide instance
  const n = 12, d = 30;
  const F = rand(n * d, rng), y = Float64Array.from({ length: n }, () => rng.sign());
  const dual = fitRidge(F, n, d, y, 0.7);
  assert.equal(dual.method, "dual");
  // primal route on the same data: (FᵀF + λI) w = Fᵀy
  const A = gramT(F, n, d);
  for (let i = 0; i < d; i++) A[i * d + i] += 0.7;
  const primalW = choleskySolve(cholesky(A, d).L, d, gemvT(F, n, d, y));
  for (let j = 0; j < d; j++) assert.ok(close(dual.w[j]!, primalW[j]!, 1e-9));
  // min-norm interpolation: F w = y exactly, and w lies in the row space of F
  const mn = fitRidge(F, n, d, y, 0);
  const Fw = gemv(F, n, d, mn.w);
  for (let i = 0; i < n; i++) assert.ok(close(Fw[i]!, y[i]!, 1e-9));
  // least squares: the residual is orthogonal to the columns
  const nt = 40, dt = 6;
  const Ft = rand(nt * dt, rng), yt = Float64Array.from({ length: nt }, () => rng.sign());
  const ls = fitRidge(Ft, nt, dt, yt, 0);
  assert.equal(ls.method, "primal");
  const resid = gemv(Ft, nt, dt, ls.w).map((v, i) => yt[i]! - v);
  const normal = gemvT(Ft, nt, dt, resid);
  for (const g of normal) assert.ok(Math.abs(g) < 1e-10);
  assert.throws(() => fitRidge(Ft, nt, dt, yt, -1), /lambda/);
});
