import type { FormatHandler } from '../types';

/** Jupyter notebooks: stored outputs and metadata. */
export const notebookHandlers: FormatHandler[] = [];
