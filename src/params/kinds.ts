/** The attention pooling of a prompt-attention model: softmax (SPA), linear (LPA) or uniform (UNI), in the order the CLI lists them. */
export const POOLS = ["softmax", "linear", "uniform"] as const;
export type Pool = (typeof POOLS)[number];
