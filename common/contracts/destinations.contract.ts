/**
 * Registered destinations (docs/delivery.md): where a project's releases may go. Registered by a
 * system manager; the target names a storage container configured on the server or a sub-folder
 * of its export folder (never credentials); the recipient key is an age public key (age1…), shown
 * with its fingerprint.
 */
import { z } from 'zod';
import { freeText } from './free-text';
import { DELIVERY_METHODS, DESTINATION_KINDS } from '../vocab/destinations';
import { idSchema } from './common.contract';

export const registerDestinationRequestSchema = z
  .object({
    name: freeText().trim().min(1, 'Give the destination a name').max(100),
    kind: z.enum(DESTINATION_KINDS),
    contactEmail: z.email('Give the recipient’s contact e-mail address').max(254),
    method: z.enum(DELIVERY_METHODS),
    /** Push: the target's name (DELIVERY_TARGETS); folder export: a sub-folder of EXPORT_DIR; link: empty. */
    target: freeText().trim().max(300).nullable().default(null),
    /** The recipient's age public key (age1…), needed where the tier requires encryption. */
    recipientKey: freeText().trim().max(2000).nullable().default(null),
  })
  .strict();
export type RegisterDestinationRequest = z.input<typeof registerDestinationRequestSchema>;

export const destinationSchema = z.object({
  id: idSchema,
  projectId: idSchema,
  name: z.string(),
  kind: z.enum(DESTINATION_KINDS),
  contactEmail: z.string(),
  method: z.enum(DELIVERY_METHODS),
  target: z.string().nullable(),
  recipientKey: z.string().nullable(),
  recipientKeyFingerprint: z.string().nullable(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
});
export type Destination = z.infer<typeof destinationSchema>;

/** What the server offers for registering: its configured push targets and whether folder export is on. */
export const deliveryOptionsSchema = z.object({
  pushTargets: z.array(z.string()),
  folderExport: z.boolean(),
});
export type DeliveryOptions = z.infer<typeof deliveryOptionsSchema>;

export const destinationListSchema = z.object({
  destinations: z.array(destinationSchema),
  options: deliveryOptionsSchema,
  abilities: z.object({ manage: z.boolean() }),
});
export type DestinationList = z.infer<typeof destinationListSchema>;

/** Choosing (or clearing, with null) a package's registered destination, at the package version read. */
export const choosePackageDestinationRequestSchema = z
  .object({
    destinationId: idSchema.nullable(),
    version: z.number().int().min(0),
  })
  .strict();
export type ChoosePackageDestinationRequest = z.infer<typeof choosePackageDestinationRequestSchema>;
