/** The attention pooling of a prompt-attention model: softmax (SPA), linear (LPA) or uniform (UNI). */
export type Pool = "softmax" | "linear" | "uniform";
