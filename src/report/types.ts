/**
 * Report building blocks. A figure is a Plotly spec plus the rows behind it and the parameters
 * and provenance that make its data file self-sufficient (report/data/<id>.json|csv); its
 * caption takes every verdict from the claims' own checks. A section groups the figures of one
 * claim family; the page opens with one row per claim.
 */

export type Cell = number | string | boolean | null;

export interface Figure {
  /** File-safe id, unique in the report: the data lands in report/data/<id>.json|csv. */
  id: string;
  title: string;
  /** What the figure shows, every fixed parameter, and the verdicts of the claims it draws. */
  caption: string;
  /** The claims whose checks this figure draws (ids as in theorems/). */
  claims: string[];
  /** The fixed parameters of the figure. */
  params: Record<string, Cell>;
  /** Seed of the figure's own Monte Carlo (or of the check it draws). */
  seed: number;
  /** Trials (or seeds, test inputs) per simulated point, as a number or a short description. */
  trials: number | string;
  traces: Record<string, unknown>[];
  layout: Record<string, unknown>;
  /** The simulated (or measured) data behind the figure, one flat record per row. */
  rows: Record<string, Cell>[];
}

export interface Section {
  id: string;
  title: string;
  /** A short paragraph of HTML-safe text introducing the section. */
  intro: string;
  figures: Figure[];
}

/** One row of the page's claims table, from the claim's check. */
export interface ClaimSummary {
  id: string;
  title: string;
  pass: boolean;
  /** Agreement rows of the check that pass, of how many (null: the check has no such rows). */
  agree: number | null;
  total: number | null;
  maxAbsZ: number | null;
  figures: string[];
}

/** Where the page came from. */
export interface Provenance {
  generated: string;
  command: string;
  packageVersion: string;
  node: string;
  commit: string | null;
  seed: number;
  quick: boolean;
  seconds?: number;
}

export interface NotebookContext {
  quick: boolean;
  seed: number;
  /** Progress of the notebook's own work, as a fraction in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

/** A notebook builds one report section; each is runnable alone with tsx. */
export type Notebook = (ctx: NotebookContext) => Promise<Section>;
