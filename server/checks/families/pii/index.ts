/**
 * The `pii` family: personal identifiers in text (docs/design.md §7). Each factory makes one detector
 * per file; all findings are `review`, carry a line and column, and never the matched value.
 *
 * Rules: `pii.email`, `pii.phone`, `pii.nhs_number`, `pii.payment_card`, `pii.uk_postcode`,
 * `pii.ni_number`, `pii.ip_address`, `pii.date_of_birth`, `pii.person_name`.
 */
import type { LineDetectorFactory } from '../../engine/types';
import { contextDetector } from './context.check';
import { emailDetector } from './email.check';
import { ipAddressDetector } from './ip-address.check';
import { numbersDetector } from './numbers.check';
import { ukIdentifiersDetector } from './uk-identifiers.check';

/** Personal identifiers in text. */
export const piiLineDetectors: LineDetectorFactory[] = [emailDetector, numbersDetector, ukIdentifiersDetector, ipAddressDetector, contextDetector];
