/**
 * The context of a package (docs/design.md §5): stored as JSON on the package, read through the
 * contract's schema so that an older or partial record still reads, and judged complete when
 * a reviewer has what they need: purpose, recipient, destination, population, the disclosure
 * controls applied, and what each figure and table output shows.
 */
import { type PackageContext, packageContextSchema } from '../../common/contracts/packages.contract';
import { listOutputsOfCategories } from '../db/packages.repository';
import type { Db, PackagesTable } from '../db/schema';

/** Categories whose outputs must say what they show before submission. */
const DESCRIBED_CATEGORIES = ['figure', 'table'] as const;

export function readContext(pkg: PackagesTable): PackageContext {
  const parsed = packageContextSchema.safeParse(JSON.parse(pkg.context));
  return parsed.success ? parsed.data : packageContextSchema.parse({});
}

/** What is still missing before the package can be submitted, in words (empty when complete). */
export async function missingContext(db: Db, pkg: PackagesTable): Promise<string[]> {
  const context = readContext(pkg);
  const missing: string[] = [];
  if (!context.purpose) missing.push('the purpose of the egress');
  if (!context.recipient) missing.push('the intended recipient');
  if (!context.destinationKind) missing.push('the kind of destination');
  if (!context.population) missing.push('the population the outputs describe');
  if (context.suppressionThreshold === null) missing.push('the suppression threshold applied (0 if none)');
  if (!context.rounding) missing.push('the rounding applied ("none" if none)');
  const undescribed = (await listOutputsOfCategories(db, pkg.id, DESCRIBED_CATEGORIES)).filter((file) => !context.outputs[file.id]?.shows);
  if (undescribed.length > 0) {
    const names = undescribed.slice(0, 3).map((file) => file.path);
    missing.push(`what ${undescribed.length === 1 ? 'this output shows' : `${undescribed.length} outputs show`}: ${names.join(', ')}${undescribed.length > 3 ? ', …' : ''}`);
  }
  return missing;
}
