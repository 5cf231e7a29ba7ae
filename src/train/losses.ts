/**
 * Per-sample losses ℓ(f, y) of a score f against a label y ∈ {−1, +1}, with their derivative
 * in f (the trainer multiplies it by ∇f):
 *   logistic     ℓ = ln(1 + e^{−y f})      ℓ' = −y / (1 + e^{y f})
 *   squared      ℓ = (f − y)² / 2          ℓ' = f − y
 *   correlation  ℓ = −y f                  ℓ' = −y   (unbounded below: use with few steps)
 */
export type Loss = "logistic" | "squared" | "correlation";
export const LOSSES: readonly Loss[] = ["logistic", "squared", "correlation"];

/** ln(1 + e^z) without overflow for large z or loss of precision for very negative z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function lossValue(loss: Loss, f: number, y: number): number {
  switch (loss) {
    case "logistic":
      return softplus(-y * f);
    case "squared":
      return 0.5 * (f - y) ** 2;
    case "correlation":
      return -y * f;
  }
}

export function lossDerivative(loss: Loss, f: number, y: number): number {
  switch (loss) {
    case "logistic":
      return -y / (1 + Math.exp(y * f));
    case "squared":
      return f - y;
    case "correlation":
      return -y;
  }
}
