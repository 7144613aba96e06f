/** Shapes shared by every resource. */
import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);
export const isoDateSchema = z.string();

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Which actions the caller may take on a resource, as decided by the server's policies. */
export const abilitiesSchema = z.record(z.string(), z.boolean());
export type Abilities = z.infer<typeof abilitiesSchema>;

/** Optimistic-concurrency token: the version the client last saw. */
export const versionSchema = z.number().int().min(1);
