"""NumPy reference for the known-prompt Monte Carlo (K4), written the way a researcher would:
vectorized over the n samples of a trial (memory O(n·T·d)), BLAS for the Gram and the solve.

Per trial: random orthonormal u, v; n inputs from law G with context-clean noise; softmax /
linear / uniform attention with prompt q = θu; pooled features; ridge head (primal when n ≥ d,
dual otherwise); exact conditional error from the weights measured on one fresh input.

Usage: python3 bench/known_prompt.py '{"d":200,"n":400,"T":16,"k":2,...,"trials":20,"seed":1}'
Prints one JSON line: total seconds, seconds per phase, peak RSS (KiB), mean error.
"""
import json
import math
import resource
import sys
import time

import numpy as np


def q_tail(x):
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def sample(rng, n, p, u, v):
    d, T, k = p["d"], p["T"], p["k"]
    y = rng.choice(np.array([-1.0, 1.0]), size=n)
    relevant = np.zeros((n, T), dtype=bool)
    np.put_along_axis(relevant, np.argsort(rng.random((n, T)), axis=1)[:, :k], True, axis=1)
    X = p["sigma"] * rng.standard_normal((n, T, d))
    X -= (X @ u)[:, :, None] * u  # context-clean: noise on u-perp
    X += np.where(relevant, p["c"], p["rho"] * p["c"])[:, :, None] * u
    X += (relevant * (y[:, None] * p["r"]))[:, :, None] * v
    return X, y, relevant


def weights(X, q, pool):
    T = X.shape[1]
    if pool == "uniform":
        return np.full(X.shape[:2], 1.0 / T)
    a = X @ q
    if pool == "linear":
        return a / T
    a = np.exp(a - a.max(axis=1, keepdims=True))
    return a / a.sum(axis=1, keepdims=True)


def trial(p, rng, clock):
    d, n, lam = p["d"], p["n"], p["lambda"]
    t0 = time.perf_counter()
    u = rng.standard_normal(d)
    u /= np.linalg.norm(u)
    v = rng.standard_normal(d)
    v -= (u @ v) * u
    v /= np.linalg.norm(v)
    theta = 1e4 / p["c"] if p["theta"] == "inf" else p["theta"]
    q = theta * u
    X, y, _ = sample(rng, n, p, u, v)
    t1 = time.perf_counter()
    s = weights(X, q, p["pool"])
    F = np.einsum("nt,ntd->nd", s, X)
    t2 = time.perf_counter()
    if n >= d:
        w = np.linalg.solve(F.T @ F + lam * np.eye(d), F.T @ y)
    else:
        w = F.T @ np.linalg.solve(F @ F.T + lam * np.eye(n), y)
    t3 = time.perf_counter()
    X1, _, rel1 = sample(rng, 1, p, u, v)
    s1 = weights(X1, q, p["pool"])[0]
    S, N = s1[rel1[0]].sum(), np.linalg.norm(s1)
    mu = (s1 @ X1[0]) @ u / p["c"]
    wu, wv = w @ u, w @ v
    scale = p["sigma"] * N * math.sqrt(max(0.0, w @ w - wu * wu))
    signal, offset = S * p["r"] * wv, mu * p["c"] * wu
    err = 0.5 * (q_tail((signal + offset) / scale) + q_tail((signal - offset) / scale)) if scale > 0 else 0.5
    t4 = time.perf_counter()
    for key, dt in (("sample", t1 - t0), ("attention", t2 - t1), ("ridge", t3 - t2), ("error", t4 - t3)):
        clock[key] += dt
    return err


def peak_rss_kib():
    """VmHWM from /proc (Linux); getrusage's maxrss would include the parent's RSS (kept across exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    p = json.loads(sys.argv[1])
    clock = {"sample": 0.0, "attention": 0.0, "ridge": 0.0, "error": 0.0}
    trial(p, np.random.default_rng([p["seed"], 10**6]), dict(clock))  # warm-up (BLAS threads, caches)
    start = time.perf_counter()
    errors = [trial(p, np.random.default_rng([p["seed"], i]), clock) for i in range(p["trials"])]
    seconds = time.perf_counter() - start
    rss = peak_rss_kib()
    print(json.dumps({"seconds": seconds, "phases": clock, "peakRssKiB": rss, "meanError": float(np.mean(errors))}))


if __name__ == "__main__":
    main()
