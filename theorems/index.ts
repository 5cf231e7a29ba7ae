/** Every claim of docs/theory.md that the toolkit checks, in the order `verify` runs them. */
import type { Claim } from "./types.ts";
import { K1 } from "./K1.ts";
import { K2 } from "./K2.ts";
import { K3 } from "./K3.ts";
import { K4 } from "./K4.ts";
import { K5 } from "./K5.ts";
import { E1 } from "./E1.ts";
import { E2 } from "./E2.ts";
import { E3 } from "./E3.ts";
import { E4 } from "./E4.ts";
import { R1 } from "./R1.ts";
import { G1 } from "./G1.ts";
import { G2 } from "./G2.ts";
import { G3 } from "./G3.ts";
import { G4 } from "./G4.ts";
import { G5 } from "./G5.ts";

export const CLAIMS: Claim[] = [K1, K2, K3, K4, K5, E1, E2, E3, E4, R1, G1, G2, G3, G4, G5];
