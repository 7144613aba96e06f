/**
 * What is waiting for the signed-in person (issue 10 §7): classifications, confirmations of an
 * opinion after new file versions, reviews, sign-offs and returned packages, across every project they take part in.
 */
import { z } from 'zod';
import { idSchema, isoDateSchema } from './common.contract';

export const WAITING_KINDS = ['classify', 'confirm_opinion', 'review', 'sign_off', 'returned'] as const;
export type WaitingKind = (typeof WAITING_KINDS)[number];

export const waitingItemSchema = z.object({
  kind: z.enum(WAITING_KINDS),
  projectId: idSchema,
  projectName: z.string(),
  workPackageId: idSchema,
  workPackageName: z.string(),
  /** The egress package, for review, sign-off and returned items. */
  packageId: idSchema.nullable(),
  /** What the person must do, in words. */
  action: z.string(),
  /** Since when it has been waiting, where known. */
  since: isoDateSchema.nullable(),
});
export type WaitingItem = z.infer<typeof waitingItemSchema>;

export const waitingResponseSchema = z.object({ items: z.array(waitingItemSchema) });
export type WaitingResponse = z.infer<typeof waitingResponseSchema>;
