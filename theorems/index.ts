/** Every claim of THEORY.md that the toolkit checks, in the order `verify` runs them. */
import type { Claim } from "./types.ts";
import { K1 } from "./K1.ts";
import { K2 } from "./K2.ts";
import { K3 } from "./K3.ts";
import { K4 } from "./K4.ts";

export const CLAIMS: Claim[] = [K1, K2, K3, K4];
