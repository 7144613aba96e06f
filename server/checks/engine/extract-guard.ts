/**
 * The time budget and error wrapping every format handler shares: why a file cannot be inspected.
 * Handlers throw an ExtractProblem anywhere in their walk and catch it once at the top
 * (guardExtract), turning it into `Extracted.unreadable`; any other error becomes "corrupt <kind>".
 * Long waits race the file's time budget with `abortable`. Nothing ever escapes `extract`.
 */
import { CheckerReason, errorReason } from '../shared/error-reason';
import type { CheckContext, Extracted } from './types';

/**
 * A reason, fit for `unreadable`, that the file cannot be inspected (corrupt, hostile, over
 * budget). Its message names parts only through shownPart (part-names.ts), never file text.
 */
export class ExtractProblem extends CheckerReason {
  override readonly name = 'ExtractProblem';
}

/** The reason every encrypted or password-protected document gets. */
export const ENCRYPTED_REASON = 'encrypted document; cannot be inspected';

/** Throws an ExtractProblem when the file's time budget has run out. */
export function assertWithinBudget(ctx: CheckContext): void {
  if (ctx.signal.aborted) throw new ExtractProblem('time budget exceeded while inspecting the document');
}

/**
 * Runs a handler body, turning any failure into an unreadable result (keeping the findings
 * gathered so far), so that `extract` never throws.
 */
export async function guardExtract(kind: string, partial: () => Extracted, body: () => Promise<Extracted>): Promise<Extracted> {
  try {
    return await body();
  } catch (e) {
    // A parser's own message can quote the document, so only the checker's reasons are passed on.
    const reason = e instanceof ExtractProblem ? e.message : `corrupt ${kind}: ${errorReason(e)}`;
    return { ...partial(), unreadable: reason };
  }
}

/** Settles with `promise`, or rejects with a budget problem as soon as `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    onAbort?.();
    return Promise.reject(new ExtractProblem('time budget exceeded while inspecting the document'));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(new ExtractProblem('time budget exceeded while inspecting the document'));
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
