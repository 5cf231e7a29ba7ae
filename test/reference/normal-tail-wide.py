"""One-off generator of test/reference/normal-tail-wide.json (not needed by npm test).

Q(x) = Γ(1/2, x²/2)/(2√π) and log Q(x) with mpmath at 60 significant digits (reported to 50),
for doubles x across the whole double range, and Qinv(p) for doubles p down to the smallest
subnormal, found by root finding on log erfc. Independent of src/special/normal.ts: mpmath's
incomplete gamma function and arbitrary exponent range, no continued fraction, no Dekker split.

Run:  apt-get install python3-mpmath && python3 test/reference/normal-tail-wide.py
It first checks that it reproduces test/reference/normal-tail.json bit for bit.
"""
import json, math, os
from mpmath import mp, mpf, erfc, gammainc, log, sqrt, findroot, nstr

mp.dps = 60
here = os.path.dirname(os.path.abspath(__file__))

def q(x):
    """Q(x) = Γ(1/2, x²/2)/(2√π), regularized; mpmath's erfc overflows an internal float past
    x ≈ 1e154. The working precision grows with x² so that e^{-x²/2} keeps 60 digits."""
    with mp.workdps(60 + max(0, int(2 * math.log10(abs(x) + 1)))):
        x = mpf(x)
        if x < 0:
            return 1 - q(-x)
        return +(gammainc(mpf(1) / 2, x * x / 2, regularized=True) / 2)

def as_double(v):
    """Nearest double, or None when |v| is beyond MAX_VALUE (JSON then carries only the string)."""
    if abs(v) > mpf(1.7976931348623157e308) * (1 + mpf(2) ** -54):
        return None
    return float(v)  # mpmath rounds to nearest, subnormals included

def row(x):
    qx = q(x)
    lq = mp.log1p(-q(-x)) if x < 0 else log(qx)  # log(1 − tiny) would round to 0
    return {"x": x, "Q": float(qx), "logQ": as_double(lq), "logQ50": nstr(lq, 50)}

# 1. the shared 50-digit file must come out identical, and erfc must agree where it works
for x in (-7.5, 0.3, 5.0, 38.0, 1e3, 1e6):
    with mp.workdps(80):
        assert abs(q(x) / (erfc(mpf(x) / sqrt(2)) / 2) - 1) < mpf(10) ** -50, x
shared = json.load(open(os.path.join(here, "normal-tail.json")))["values"]
for v in shared:
    r = row(float(v["x"]))
    assert r["Q"] == v["Q"] and r["logQ"] == v["logQ"], (v, r)

# 2. arguments across the whole double range
xs = set()
for e in range(-300, 309, 7):  # decades from 1e-300 to 1e308
    for m in (1.0, 1.7, 3.3, 5.9):
        x = m * 10.0 ** e
        if math.isfinite(x):
            xs.update((x, -x))
xs.update(i / 8 for i in range(-330, 331))  # dense grid on [-41.25, 41.25]
for b in (1e308, 1e154, 2.0, 38.0, 38.5, 40.0, 1e8, 2.0 ** 32, 1.34e154, 1.8961e154, 1.8962e154, 1.7976931348623157e308, 5e-324):
    xs.update((b, math.nextafter(b, -math.inf), math.nextafter(b, math.inf), -b))
xs = sorted(x for x in xs if math.isfinite(x))
values = [row(x) for x in xs]

# 3. the inverse: Qinv(p) for p from 1/2 down to the smallest subnormal, and above 1/2
ps = [0.5, 0.3, 0.1, 0.9, 0.99, 1 - 1e-10, 1 - 2.0 ** -53] + [10.0 ** -k for k in range(2, 324, 3)] + [5e-324, 2.2250738585072014e-308]
inverse = []
for p in ps:
    target = log(mpf(p))
    guess = -sqrt(2) * mp.erfinv(2 * mpf(p) - 1) if p > 1e-40 else sqrt(-2 * target)
    x = mpf(0) if p == 0.5 else findroot(lambda t: log(q(t)) - target, guess, tol=mpf(10) ** -55)
    inverse.append({"p": p, "x": float(x), "x50": nstr(x, 50)})

out = {
    "what": "Standard normal tail Q(x) = P(Z > x), log Q(x), and Qinv(p), computed with mpmath at 60 digits; "
            "Q, logQ, x rounded to the nearest double (logQ null where it is below -MAX_VALUE), "
            "logQ50 and x50 to 50 significant digits.",
    "regenerate": "python3 test/reference/normal-tail-wide.py (Debian: apt-get install python3-mpmath)",
    "values": values,
    "inverse": inverse,
}
with open(os.path.join(here, "normal-tail-wide.json"), "w") as f:  # one value per line
    head = json.dumps({k: out[k] for k in ("what", "regenerate")}, indent=1)[:-2]
    rows = lambda key: ",\n".join("  " + json.dumps(v) for v in out[key])
    f.write(head + ',\n "values": [\n' + rows("values") + '\n ],\n "inverse": [\n' + rows("inverse") + "\n ]\n}\n")
json.load(open(os.path.join(here, "normal-tail-wide.json")))
print(len(values), "values,", len(inverse), "inverse values")
