/**
 * Drops every object that the document no longer reaches from its trailer (Root, Info). pdf-lib
 * writes every object it parsed, referenced or not, so without this a removed attachment's
 * stream, a removed form's values or an earlier revision's objects would still be in the file.
 *
 * Example: after the EmbeddedFiles tree is cut from the catalog, the file-spec and embedded-file
 * stream objects it pointed to are deleted from the context before saving.
 */
import { PDFArray, PDFDict, PDFRef, PDFStream } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';

/** Deletes the objects not reachable from the trailer; returns how many were deleted. */
export function dropUnreachable(context: PDFContext): number {
  const seen = new Set<string>();
  const stack: PDFObject[] = [];
  const { Root, Info } = context.trailerInfo;
  for (const start of [Root, Info]) if (start) stack.push(start as PDFObject);
  while (stack.length > 0) {
    const obj = stack.pop();
    if (obj instanceof PDFRef) {
      const key = obj.tag;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = context.lookup(obj);
      if (target) stack.push(target);
    } else if (obj instanceof PDFDict) {
      for (const [, value] of obj.entries()) stack.push(value);
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) stack.push(obj.get(i));
    } else if (obj instanceof PDFStream) {
      stack.push(obj.dict);
    }
  }
  let dropped = 0;
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (seen.has(ref.tag)) continue;
    context.delete(ref);
    dropped++;
  }
  return dropped;
}
