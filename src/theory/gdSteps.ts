/**
 * G1–G4, the predictions for the first steps of gradient descent (docs/theory.md §5; derivations
 * in theorems/G1.ts … G4.ts), one module per claim: this file only gathers them.
 */
export * from "./gdParams.ts";
export * from "./g1.ts";
export * from "./g2.ts";
export * from "./g3AttentionMass.ts";
export * from "./g3TestError.ts";
export * from "./g4.ts";
