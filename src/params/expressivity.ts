/**
 * The parameters of one E4 run (a model trained on a law), one spec each: what `expressivity`
 * and a sweep of the expressivity experiment accept, with one range and one message.
 */
import type { FieldSpec } from "./fields.ts";
import { LAW_NAMES, MODEL_KINDS } from "./kinds.ts";
import { READOUTS } from "../models/ssa.ts";

export const EXPRESSIVITY_FIELDS = {
  law: { kind: "enum", values: LAW_NAMES, doc: "contextual mixture law" },
  model: { kind: "enum", values: MODEL_KINDS, doc: "model" },
  readout: { kind: "enum", values: READOUTS, doc: "SSA readout (default mean)" },
  sigma: { kind: "number", lo: 0, hi: 100, doc: "token noise σ (laws G, GT, EC; default per law)" },
  n: { kind: "int", lo: 10, hi: 100000, doc: "training inputs" },
  nTest: { kind: "int", lo: 10, hi: 1000000, doc: "fresh test inputs" },
  steps: { kind: "int", lo: 0, hi: 100000, doc: "gradient steps" },
} as const satisfies Record<string, FieldSpec>;
