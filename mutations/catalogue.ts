/**
 * Named perturbations of internal constants of the formulas (2–5% changes inside the formula
 * code, not of its final output), each with the claims whose checks must reject it. The mutation
 * run (mutations/run.ts) applies each in a scratch copy of the tree and runs those checks; a
 * mutation that every check lets through shows a check too weak to trust.
 *
 * `find` must occur exactly once in `file`: an entry that no longer matches the code fails the
 * run loudly rather than testing nothing.
 */
export interface Mutation {
  id: string;
  /** what the change means in the theory */
  what: string;
  file: string;
  find: string;
  replace: string;
  /** claims whose checks must catch it (verify runs them together) */
  claims: string[];
}

export const CATALOGUE: Mutation[] = [
  // ---------------------------------------------------------------- K1–K2 (known prompt, ridge head)
  {
    id: "K2-lambda-drops-sigma2",
    what: "σ² dropped from the normalized ridge λ̃ = λ/(nσ²N²)",
    file: "src/theory/knownPrompt.ts",
    find: "p.lambda / (p.n * p.sigma * p.sigma * stats.N * stats.N)",
    replace: "p.lambda / (p.n * stats.N * stats.N)",
    claims: ["K4", "K5"],
  },
  {
    id: "K2-gamma-in-margin",
    what: "γ × 1.05 in the margin's √(r_eff² + γ)",
    file: "src/theory/knownPrompt.ts",
    find: "return rEff / Math.sqrt(1 + gamma / (rEff * rEff));",
    replace: "return rEff / Math.sqrt(1 + (1.05 * gamma) / (rEff * rEff));",
    claims: ["K4", "K5"],
  },
  {
    id: "K2-mprime",
    what: "m′ × 1.05 in the ridge margin",
    file: "src/theory/knownPrompt.ts",
    find: "return (snr * m) / Math.sqrt(mp);",
    replace: "return (snr * m) / Math.sqrt(1.05 * mp);",
    claims: ["K4", "K5"],
  },
  {
    id: "K2-ridgeless-shrink",
    what: "γ × 1.05 in the ridgeless shrinkage √(1 − γ) / √(1 − 1/γ)",
    file: "src/theory/knownPrompt.ts",
    find: "const shrink = gamma < 1 ? Math.sqrt(1 - gamma) : Math.sqrt(1 - 1 / gamma);",
    replace: "const shrink = gamma < 1 ? Math.sqrt(1 - 1.05 * gamma) : Math.sqrt(1 - 1 / (1.05 * gamma));",
    claims: ["K4", "K5"],
  },
  {
    id: "K2-mp-root",
    what: "the Marchenko–Pastur quadratic's γz term × 1.05",
    file: "src/special/marchenkoPastur.ts",
    find: "const root = Math.sqrt(b * b - 4 * gamma * z);",
    replace: "const root = Math.sqrt(b * b - 4 * 1.05 * gamma * z);",
    claims: ["K4", "K5"],
  },
  {
    id: "K1-irrelevant-noise",
    what: "the irrelevant tokens' share of N² = k s_rel² + (T − k) s_irr² × 1.05",
    file: "src/theory/pooling.ts",
    find: "const N = Math.sqrt(k * sRel * sRel + (T - k) * sIrr * sIrr);",
    replace: "const N = Math.sqrt(k * sRel * sRel + 1.05 * (T - k) * sIrr * sIrr);",
    claims: ["K1", "K4"],
  },
  {
    id: "K1-softmax-score",
    what: "the relevant score θc × 1.03 in the softmax weights",
    file: "src/theory/pooling.ts",
    find: "const eRel = Math.exp(theta * c - hi);",
    replace: "const eRel = Math.exp(1.03 * theta * c - hi);",
    claims: ["K1", "K4"],
  },
  // ---------------------------------------------------------------- K5 (random attention weights)
  {
    id: "K5-nu-ridge",
    what: "λ̄ × 1.05 in the ν equation γν = E[νN²/(ν + N²)] + λ̄",
    file: "src/theory/k5FixedPoint.ts",
    find: "value[b] = x * (gamma - 1 + om / W) - lambdaBar;",
    replace: "value[b] = x * (gamma - 1 + om / W) - 1.05 * lambdaBar;",
    claims: ["K5"],
  },
  {
    id: "K5-a-noise",
    what: "E[ω N²] × 1.05 in a = r E[ωS] / (r² E[ωS²] + E[ωN²] + λ̄)",
    file: "src/theory/k5FixedPoint.ts",
    find: "eS2 + eN2 * u2 + lamU * W)",
    replace: "eS2 + 1.05 * eN2 * u2 + lamU * W)",
    claims: ["K5"],
  },
  {
    id: "K5-b-head-noise",
    what: "the a²N² term × 1.05 in the numerator of b²",
    file: "src/theory/k5FixedPoint.ts",
    find: "num += w * ((1 - al * S) ** 2 + at * at * N2) * N2;",
    replace: "num += w * ((1 - al * S) ** 2 + 1.05 * at * at * N2) * N2;",
    claims: ["K5"],
  },
  {
    id: "K5-min-norm-b",
    what: "γ × 1.05 in the min-norm b² = E[(1 − raS)²/N² + a²]/(γ − 1)",
    file: "src/theory/k5FixedPoint.ts",
    find: "const slope = minNorm ? gamma - 1 :",
    replace: "const slope = minNorm ? 1.05 * gamma - 1 :",
    claims: ["K5"],
  },
  {
    id: "K5-context-lift",
    what: "the relevant tokens' score lift θ(1 − ρ)c × 1.03 in the law of (S, N)",
    file: "src/theory/k5Law.ts",
    find: "const lift = theta * (1 - rho) * c, scale = theta * sigma;",
    replace: "const lift = 1.03 * theta * (1 - rho) * c, scale = theta * sigma;",
    claims: ["K5"],
  },
  {
    id: "K5-score-noise",
    what: "the score noise θσ × 1.05 in the law of (S, N)",
    file: "src/theory/k5Law.ts",
    find: "const lift = theta * (1 - rho) * c, scale = theta * sigma;",
    replace: "const lift = theta * (1 - rho) * c, scale = 1.05 * theta * sigma;",
    claims: ["K5"],
  },
  // ---------------------------------------------------------------- G1 (head step)
  {
    id: "G1-noise-scale",
    what: "the head step's noise scale s = σ/√(nT) × 1.03",
    file: "src/theory/gdParams.ts",
    find: "p.sigma / Math.sqrt(p.n * p.T)",
    replace: "(1.03 * p.sigma) / Math.sqrt(p.n * p.T)",
    claims: ["G1"],
  },
  {
    id: "G1-signal",
    what: "the signal ζr along w⋆ × 1.03",
    file: "src/theory/g1.ts",
    find: "const R = (z * unit.r) / u,",
    replace: "const R = (1.03 * z * unit.r) / u,",
    claims: ["G1"],
  },
  // ---------------------------------------------------------------- G2 (prompt step)
  {
    id: "G2-kappa",
    what: "κ = k(T − k)/T × 1.05",
    file: "src/theory/g2.ts",
    find: "const kappa = (k * (T - k)) / T;",
    replace: "const kappa = (1.05 * k * (T - k)) / T;",
    claims: ["G2"],
  },
  {
    // (the same term inside q1Moments' label-marginal mean is y-odd and cancels: changing it there
    // is an equivalent mutant, which no check can or should catch)
    id: "G2-noise-mean",
    what: "the σ²(1 − 1/T) w1 term of E[q1 | w1, ȳ₂] × 1.05",
    file: "src/theory/g2.ts",
    find: "const noise = p.sigma * p.sigma * (1 - 1 / p.T);",
    replace: "const noise = 1.05 * p.sigma * p.sigma * (1 - 1 / p.T);",
    claims: ["G2"],
  },
  {
    id: "G2-bulk-variance",
    what: "the bulk variance σ²ψ²κ + σ⁴ω²(T − 1) × 1.05",
    file: "src/theory/g2.ts",
    find: "const EB2 = s2 * psi * psi * kappa + s4 * omega * omega * (T - 1);",
    replace: "const EB2 = 1.05 * (s2 * psi * psi * kappa + s4 * omega * omega * (T - 1));",
    claims: ["G2"],
  },
  // ---------------------------------------------------------------- G3 (attention mass, test error)
  {
    id: "G3-attention-integral",
    what: "the attention integral × 1.02 (k P L^{k−1} L^{T−k} weight)",
    file: "src/theory/g3AttentionMass.ts",
    find: "if (P > 0) s += 0.5 * k * P *",
    replace: "if (P > 0) s += 0.51 * k * P *",
    claims: ["G3"],
  },
  {
    id: "G3-score-density",
    what: "the normal density's constant 1/√(2π) × 1.02 inside L and P",
    file: "src/theory/g3AttentionMass.ts",
    find: "0.3989422804014327",
    replace: "0.4069210260094614",
    claims: ["G3"],
  },
  {
    id: "G3-score-spread",
    what: "the score spread τ = σ‖q1‖ × 1.05 in the attention mass",
    file: "src/theory/g3AttentionMass.ts",
    find: "p.sigma * Math.sqrt(node.normSq), p.T, p.k), 0);",
    replace: "1.05 * p.sigma * Math.sqrt(node.normSq), p.T, p.k), 0);",
    claims: ["G3"],
  },
  {
    id: "G3-w2-noise",
    what: "the pooled noise σ²E[N²] in w2's Gaussian equivalent × 1.05",
    file: "src/theory/g3TestError.ts",
    find: "const noise = sigma * sigma * EN2;",
    replace: "const noise = 1.05 * sigma * sigma * EN2;",
    claims: ["G3"],
  },
  {
    id: "G3-w2-bulk",
    what: "w2's bulk norm² (d − 3)σ²E[N²]/n × 1.05",
    file: "src/theory/g3TestError.ts",
    find: "const bulk = ((d - 3) * noise) / n;",
    replace: "const bulk = (1.05 * (d - 3) * noise) / n;",
    claims: ["G3"],
  },

];
