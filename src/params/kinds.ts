/** The attention pooling of a prompt-attention model: softmax (SPA), linear (LPA) or uniform (UNI), in the order the CLI lists them. */
export const POOLS = ["softmax", "linear", "uniform"] as const;
export type Pool = (typeof POOLS)[number];

/** The trainable models: SPA, LPA, SSA and UNI. */
export const MODEL_KINDS = ["spa", "lpa", "ssa", "uni"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The contextual mixture laws of docs/theory.md §2. */
export const LAW_NAMES = ["G", "B", "GT", "EC"] as const;
export type LawName = (typeof LAW_NAMES)[number];
