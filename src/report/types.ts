/**
 * Report building blocks. A figure is a Plotly spec plus the rows behind it (written to
 * report/data as JSON and CSV) and a caption that states, from measurement, whether theory
 * and simulation agree. A section groups the figures of one claim family.
 */

export interface Figure {
  /** File-safe id, unique in the report: the data lands in report/data/<id>.json|csv. */
  id: string;
  title: string;
  /** One sentence: what the figure shows and whether theory and simulation agree (measured). */
  caption: string;
  traces: Record<string, unknown>[];
  layout: Record<string, unknown>;
  /** The data behind the figure, one flat record per row. */
  rows: Record<string, number | string | boolean | null>[];
}

export interface Section {
  id: string;
  title: string;
  /** A short paragraph of HTML-safe text introducing the section. */
  intro: string;
  figures: Figure[];
}

export interface NotebookContext {
  quick: boolean;
  seed: number;
  /** Progress of the notebook's own work, as a fraction in [0, 1]. */
  onProgress?: (fraction: number) => void;
}

/** A notebook builds one report section; each is runnable alone with tsx. */
export type Notebook = (ctx: NotebookContext) => Promise<Section>;
