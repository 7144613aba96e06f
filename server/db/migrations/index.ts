/** All migrations, in order. Names sort lexically; never rename or edit one that has shipped. */
import type { Migration } from 'kysely';
import * as initial from './0001-initial';
import * as builtinData from './0002-builtin-data';
import * as packages from './0003-packages';
import * as checkSettings from './0004-check-settings';
import * as supersededCheckResults from './0005-superseded-check-results';
import * as review from './0006-review';
import * as opinionExplanations from './0007-opinion-explanations';
import * as releases from './0008-releases';
import * as destinations from './0009-destinations';
import * as bundleKeys from './0010-bundle-keys';
import * as redaction from './0011-redaction';
import * as closure from './0012-closure';
import * as notifications from './0013-notifications';
import * as closureReports from './0014-closure-reports';
import * as auditCheckpoints from './0015-audit-checkpoints';
import * as identity from './0016-identity';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-builtin-data': builtinData,
  '0003-packages': packages,
  '0004-check-settings': checkSettings,
  '0005-superseded-check-results': supersededCheckResults,
  '0006-review': review,
  '0007-opinion-explanations': opinionExplanations,
  '0008-releases': releases,
  '0009-destinations': destinations,
  '0010-bundle-keys': bundleKeys,
  '0011-redaction': redaction,
  '0012-closure': closure,
  '0013-notifications': notifications,
  '0014-closure-reports': closureReports,
  '0015-audit-checkpoints': auditCheckpoints,
  '0016-identity': identity,
};
