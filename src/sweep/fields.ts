/**
 * Config fields as zod schemas whose messages name the valid range ("must be a number in
 * (0, 1000000]"). Law-G, prompt and step-size fields are the parameter schema's own
 * (src/params/fields.ts), so a config accepts exactly what the command line accepts.
 */
import { FIELDS, configFieldSchema, configNumberSchema, type FieldName, type FieldSpec } from "../params/fields.ts";

export function intField(lo: number, hi: number) {
  return configNumberSchema({ kind: "int", lo, hi, doc: "" });
}

/** The config fields of a parameter point: each parameter's FIELDS range, or the point's narrower spec. */
export function pointFields(names: readonly FieldName[], specs: Partial<Record<FieldName, FieldSpec>> = {}) {
  return Object.fromEntries(names.map((name) => [name, configFieldSchema(specs[name] ?? FIELDS[name])]));
}

export type FieldValue = string | number | boolean;
/** A point's parameters as written in a config. */
export type PointSpec = Record<string, FieldValue>;
