/**
 * `office.tracked_changes`: accepts or rejects every tracked change in a Word document or an
 * OpenDocument text, so neither the deleted text nor the revisers' names stay in the file.
 *
 * Example: `{ action: 'accept' }` keeps inserted text and drops deleted text with its markers.
 */
import { z } from 'zod';
import { RedactionError } from '../types';
import type { RedactionOperation } from '../types';
import { resolveWordRevisions } from './docx-revisions';
import { officeKind } from './office-kind';
import { resolveOdfRevisions } from './odf-revisions';
import { runOffice } from './run-office';

const trackedChangesParameters = z.object({ action: z.enum(['accept', 'reject']) }).strict();
export type TrackedChangesParameters = z.infer<typeof trackedChangesParameters>;

export const officeTrackedChanges: RedactionOperation<TrackedChangesParameters> = {
  id: 'office.tracked_changes',
  family: 'office',
  title: 'Accept or reject tracked changes',
  description: 'Accepts or rejects every tracked change in a Word document or OpenDocument text, removing the deleted or rejected text and the revisers’ names.',
  parameters: trackedChangesParameters,
  supports: (file) => ['docx', 'odt'].includes(officeKind(file.mediaType) ?? ''),
  apply: (source, params, outPath, ctx) => {
    const kind = officeKind(source.mediaType);
    if (kind !== undefined && kind !== 'docx' && kind !== 'odt') {
      return Promise.reject(new RedactionError('redaction.unsupported_format', 'Tracked changes are accepted or rejected in Word documents and OpenDocument texts only'));
    }
    return runOffice(source, outPath, ctx, (zip, k, log) => {
      if (k === 'docx') resolveWordRevisions(zip, params.action, log);
      else resolveOdfRevisions(zip, params.action, log);
    });
  },
};
