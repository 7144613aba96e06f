import type { PackageContext } from '../../common/contracts/packages.contract';

/** A context with every field a reviewer needs; `outputs` is added per test (file ids differ). */
export const COMPLETE_CONTEXT: PackageContext = {
  purpose: 'Publish the main results in a journal article',
  recipient: 'The Journal of Health Research',
  destinationKind: 'public_release',
  population: 'Adults registered with a GP in Wales, 2010 to 2020',
  suppressionThreshold: 10,
  rounding: 'to the nearest 5',
  outputs: {},
};
