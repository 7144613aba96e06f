/** Shared limits for one workbook: cells scanned, table rows kept, cell texts kept. */
export interface SheetBudget {
  maxCells: number;
  maxTableRows: number;
  maxTableColumns: number;
  maxCellTexts: number;
  cells: number;
  cellTexts: number;
}

/** Default budget: enough for any real report table, bounded for hostile ones. */
export function newSheetBudget(): SheetBudget {
  return { maxCells: 2_000_000, maxTableRows: 200_000, maxTableColumns: 2048, maxCellTexts: 100_000, cells: 0, cellTexts: 0 };
}
