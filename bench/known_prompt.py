"""NumPy reference for the known-prompt Monte Carlo (K4), written the way a researcher would:
vectorized over the n samples of a trial (memory O(n·T·d)), BLAS for the Gram and the solve.

Per trial, the same algorithm as src/sim/knownPrompt.ts: u = e0 and v = e1 (exact by rotation
invariance, so the projection onto u-perp is setting coordinate 0); n inputs from law G with
context-clean noise; softmax / linear / uniform attention with prompt q = θu; pooled features;
ridge head (primal when n ≥ d, dual otherwise); exact conditional error from the weights measured
on one fresh input. Also reports which OpenBLAS kernel ran (threadpoolctl if importable, else the
core name OpenBLAS itself reports through numpy's bundled library, else numpy's build config).

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


def sample(rng, n, p):
    d, T, k = p["d"], p["T"], p["k"]
    y = rng.choice(np.array([-1.0, 1.0]), size=n)
    relevant = np.zeros((n, T), dtype=bool)
    np.put_along_axis(relevant, np.argsort(rng.random((n, T)), axis=1)[:, :k], True, axis=1)
    X = p["sigma"] * rng.standard_normal((n, T, d))
    X[:, :, 0] = np.where(relevant, p["c"], p["rho"] * p["c"])  # context-clean: no noise along u = e0
    X[:, :, 1] += relevant * (y[:, None] * p["r"])  # v = e1
    return X, y, relevant


def weights(X, theta, pool):
    T = X.shape[1]
    if pool == "uniform":
        return np.full(X.shape[:2], 1.0 / T)
    a = theta * X[:, :, 0]
    if pool == "linear":
        return a / T
    a = np.exp(a - a.max(axis=1, keepdims=True))
    return a / a.sum(axis=1, keepdims=True)


def trial(p, rng, clock):
    d, n, lam = p["d"], p["n"], p["lambda"]
    t0 = time.perf_counter()
    theta = 1e4 / min(p["c"], p["sigma"]) if p["theta"] == "inf" else p["theta"]
    X, y, _ = sample(rng, n, p)
    t1 = time.perf_counter()
    s = weights(X, theta, p["pool"])
    F = np.einsum("nt,ntd->nd", s, X)
    t2 = time.perf_counter()
    if n >= d:
        w = np.linalg.solve(F.T @ F + lam * np.eye(d), F.T @ y)
    else:
        w = F.T @ np.linalg.solve(F @ F.T + lam * np.eye(n), y)
    t3 = time.perf_counter()
    X1, _, rel1 = sample(rng, 1, p)
    s1 = weights(X1, theta, p["pool"])[0]
    S, N = s1[rel1[0]].sum(), np.linalg.norm(s1)
    mu = (s1 @ X1[0])[0] / p["c"]
    wu, wv = w[0], w[1]
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


def blas_kernel():
    """Which OpenBLAS kernel runs: threadpoolctl, else OpenBLAS's own report, else numpy's build config."""
    try:
        from threadpoolctl import threadpool_info
        info = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
        if info:
            return {"source": "threadpoolctl", "architecture": info[0].get("architecture"), "version": info[0].get("version")}
    except ImportError:
        pass
    import ctypes
    import glob
    import os
    for path in glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*")):
        lib = ctypes.CDLL(path)  # already loaded by numpy: the same handle
        for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_", "openblas_get_corename"):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_char_p
                return {"source": f"{os.path.basename(path)}:{name}", "architecture": fn().decode()}
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    return {"source": "numpy.show_config (build-time, not the runtime kernel)", "architecture": blas.get("name"), "version": blas.get("version")}


def main():
    p = json.loads(sys.argv[1])
    clock = {"sample": 0.0, "attention": 0.0, "ridge": 0.0, "error": 0.0}
    trial(p, np.random.default_rng([p["seed"], 10**6]), dict(clock))  # warm-up (BLAS threads, caches)
    start = time.perf_counter()
    errors = [trial(p, np.random.default_rng([p["seed"], i]), clock) for i in range(p["trials"])]
    seconds = time.perf_counter() - start
    rss = peak_rss_kib()
    print(json.dumps({"seconds": seconds, "phases": clock, "peakRssKiB": rss, "meanError": float(np.mean(errors)), "blas": blas_kernel()}))


if __name__ == "__main__":
    main()
