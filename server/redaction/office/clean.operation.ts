/**
 * `office.clean`: removes hidden content and document properties from Word, Excel, PowerPoint
 * and OpenDocument files — whichever of comments, properties, hidden sheets, hidden text,
 * speaker notes, pivot caches and external links the caller names (all by default). What a
 * kind of document cannot hold (speaker notes in a spreadsheet) is skipped with a note.
 *
 * Example: `{ remove: ['comments', 'properties'] }` on a DOCX removes its comments with their
 * anchors, empties its core properties and drops its custom properties.
 */
import { z } from 'zod';
import type { RedactionOperation } from '../types';
import { removeWordComments, removeWordHiddenText } from './docx-clean';
import type { ChangeLog } from './change-log';
import { isOdf, officeKind } from './office-kind';
import type { OfficeKind } from './office-kind';
import type { OfficeZip } from './office-zip';
import { removeOdfComments, removeOdfHiddenSheets, removeOdfHiddenText, removeOdfNotes, removeOdfProperties } from './odf-clean';
import { removeExternalRelationships, removeOoxmlProperties } from './ooxml-clean';
import { removeSlideComments, removeSpeakerNotes } from './pptx-clean';
import { runOffice } from './run-office';
import { removeHiddenSheets, removePivotCaches, removeSheetComments, removeWorkbookLinks } from './xlsx-clean';

export const CLEAN_TARGETS = ['comments', 'properties', 'hidden_sheets', 'hidden_text', 'speaker_notes', 'pivot_caches', 'external_links'] as const;
export type CleanTarget = (typeof CLEAN_TARGETS)[number];

const cleanParameters = z
  .object({
    /** What to remove; everything the document's kind can hold when left out. */
    remove: z.array(z.enum(CLEAN_TARGETS)).min(1).optional(),
  })
  .strict();
export type CleanParameters = z.infer<typeof cleanParameters>;

type Step = (zip: OfficeZip, log: ChangeLog) => void;

/** Which step removes each target from each kind; a missing entry means the kind cannot hold it. */
const STEPS: Record<OfficeKind, Partial<Record<CleanTarget, Step>>> = {
  docx: { comments: removeWordComments, properties: removeOoxmlProperties, hidden_text: removeWordHiddenText, external_links: removeExternalRelationships },
  xlsx: {
    comments: removeSheetComments,
    properties: removeOoxmlProperties,
    hidden_sheets: removeHiddenSheets,
    pivot_caches: removePivotCaches,
    external_links: (zip, log) => {
      removeWorkbookLinks(zip, log);
      removeExternalRelationships(zip, log);
    },
  },
  pptx: { comments: removeSlideComments, properties: removeOoxmlProperties, speaker_notes: removeSpeakerNotes, external_links: removeExternalRelationships },
  odt: { comments: removeOdfComments, properties: removeOdfProperties, hidden_text: removeOdfHiddenText },
  ods: { comments: removeOdfComments, properties: removeOdfProperties, hidden_sheets: removeOdfHiddenSheets, hidden_text: removeOdfHiddenText },
  odp: { comments: removeOdfComments, properties: removeOdfProperties, speaker_notes: removeOdfNotes, hidden_text: removeOdfHiddenText },
};

const WORDS: Record<CleanTarget, string> = {
  comments: 'comments',
  properties: 'document properties',
  hidden_sheets: 'hidden sheets',
  hidden_text: 'hidden text',
  speaker_notes: 'speaker notes',
  pivot_caches: 'pivot caches',
  external_links: 'external links',
};

export const officeClean: RedactionOperation<CleanParameters> = {
  id: 'office.clean',
  family: 'office',
  title: 'Remove hidden content and properties',
  description: 'Removes comments, document properties, hidden sheets, hidden text, speaker notes, pivot caches and external links from Word, Excel, PowerPoint and OpenDocument files.',
  parameters: cleanParameters,
  supports: (file) => officeKind(file.mediaType) !== undefined,
  apply: (source, params, outPath, ctx) =>
    runOffice(source, outPath, ctx, (zip, kind, log, stop) => {
      for (const target of CLEAN_TARGETS) {
        if (params.remove && !params.remove.includes(target)) continue;
        const step = STEPS[kind][target];
        if (!step) {
          // Only what the caller named is worth a note; by default each kind gets what it can hold.
          if (!params.remove) continue;
          log.note(`Skipped ${WORDS[target]}: this operation does not remove them from ${isOdf(kind) ? 'OpenDocument' : kind.toUpperCase()} files of this kind.`);
          continue;
        }
        step(zip, log);
        stop();
      }
    }),
};
