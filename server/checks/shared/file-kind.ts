/**
 * What kind of text a file holds, from its name (a hint only: the engine decides the type from
 * content). Source code changes how some detectors read a line: an unquoted right-hand side is
 * an expression, and a bare 10-digit number is more often a constant than an NHS number.
 *
 * Notebooks are not source code here: their outputs (printed tables) are data. The secrets
 * detector, which only cares how values are assigned, treats them as code itself.
 *
 * Example: `isSourceCode({ name: 'analysis.r', … })` is true; `isSourceCode({ name: 'data.csv', … })` is false.
 */
import type { FileInfo } from '../engine/types';

const CODE_EXTENSIONS = new Set([
  'py',
  'pyw',
  'r',
  'rmd',
  'qmd',
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'tsx',
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'go',
  'rb',
  'php',
  'cs',
  'vb',
  'c',
  'h',
  'cc',
  'cpp',
  'hpp',
  'swift',
  'rs',
  'm',
  'jl',
  'pl',
  'lua',
  'dart',
  'sas',
  'do',
  'ado',
]);

/** Whether the file name has the extension of a programming language's source file. */
export function isSourceCode(file: Pick<FileInfo, 'name'>): boolean {
  const dot = file.name.lastIndexOf('.');
  return dot >= 0 && CODE_EXTENSIONS.has(file.name.slice(dot + 1).toLowerCase());
}
