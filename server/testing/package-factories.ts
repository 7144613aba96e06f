/**
 * State-driving factories (STYLE.md §10, in the style of Airlock's factories): a work package or
 * an egress package brought to a state through the real commands — opinions, uploads, context,
 * submission and the checks stage, reviews, handover decisions, sign-offs — never by writing
 * rows, so a test cannot start from a state the product could not reach. Every step is audited
 * as it would be in use, and each factory asserts that the state was reached.
 *
 * Example (the package the release work starts from):
 *   const world = withServices(await life.open(), await createTestServices(life.database()));
 *   const pkg = await createPackageAt(world, 'approved', { files: [{ path: 'results/table.csv', content: 'group,n\nA,25\n' }] });
 *   pkg.id; pkg.fileIds['results/table.csv']; pkg.package.status === 'approved'
 *
 * Over HTTP, `withServices(t.world, t.services)` of a TestApp (server/http/app.testing.ts) drives
 * the app's own database and checks stage.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import type { Package, PackageContext } from '../../common/contracts/packages.contract';
import type { ClassificationStatus, PackageStatus } from '../../common/vocab/statuses';
import type { Destination, RegisterDestinationRequest } from '../../common/contracts/destinations.contract';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { DestinationKind } from '../../common/vocab/destinations';
import { registerDestination } from '../commands/destinations.commands';
import { choosePackageDestination } from '../commands/package-destination.commands';
import { getApproval } from '../commands/approval.queries';
import { approveReferee, submitOpinion } from '../commands/classification.commands';
import type { CommandContext } from '../commands/context';
import { agreeToStorageDecision, recordStorageDecision } from '../commands/handover-decisions.commands';
import { changeFileAttributes, ingestFile } from '../commands/package-files.commands';
import { changePackageStatus, getPackage, updatePackageContext } from '../commands/packages.commands';
import { decideFile, submitReview } from '../commands/review.commands';
import { getReviewSummary } from '../commands/review.queries';
import { signOff } from '../commands/sign-offs.commands';
import type { Dialect } from '../db/connect';
import { COMPLETE_CONTEXT } from './package-context';
import { type TestServices, createTestServices } from './services';
import { type World, pathFor } from './factories';
import { personIn, worldLifecycle } from './world-lifecycle';

/** A test world with the package services (blob store, checks stage) its packages run on. */
export interface PackageWorld extends World {
  services: TestServices;
}

/** The world with its services, e.g. `withServices(t.world, t.services)` in an HTTP test. */
export function withServices(world: World, services: TestServices): PackageWorld {
  return { ...world, services };
}

/** A new world with services per test on `dialect`; `set` receives each (the audit chain is verified at the end, as in worldLifecycle). */
export function freshPackageWorldPerTest(dialect: Dialect, set: (world: PackageWorld) => void, serviceOptions: Omit<Parameters<typeof createTestServices>[1], 'clock'> = {}): void {
  const life = worldLifecycle(dialect);
  let services: TestServices | undefined;
  beforeEach(async () => {
    const world = await life.open();
    services = await createTestServices(life.database(), { ...serviceOptions, clock: world.clock });
    set(withServices(world, services));
  });
  afterEach(async () => {
    await services?.close();
    services = undefined;
    await life.close();
  });
}

/** Which of the world's work packages: `report`, `handover`, `ingress`, or a work package id. */
export type WorkPackageRef = keyof World['wp'] | (string & {});

const workPackageId = (world: World, ref: WorkPackageRef = 'report'): string => (ref in world.wp ? world.wp[ref as keyof World['wp']] : ref);

/** The world key of a user id (every classifier, reviewer and signer is a world person). */
function keyOf(world: World, userId: string): string {
  const found = Object.entries(world.users).find(([, p]) => p.id === userId);
  if (!found) throw new Error(`user ${userId} is not a person of the test world`);
  return found[0];
}

/** The world keys of the data provider representatives of a work package's datasets. */
async function dprKeysOf(world: World, wpId: string): Promise<string[]> {
  const rows = await world.db
    .selectFrom('work_package_datasets')
    .innerJoin('datasets', 'datasets.id', 'work_package_datasets.dataset_id')
    .select('datasets.representative_user_id as userId')
    .where('work_package_datasets.work_package_id', '=', wpId)
    .orderBy('datasets.name')
    .execute();
  return rows.flatMap((r) => (r.userId ? [keyOf(world, r.userId)] : []));
}

export interface WorkPackageOptions {
  workPackage?: WorkPackageRef;
  /**
   * `classified`: the agreed tier (default 1). `classifying`: the investigator's tier.
   * `disputed`: the investigator's tier (default 2); the DPRs say one less (one more at tier 0).
   */
  tier?: number;
}

/**
 * Brings a work package to a classification status through opinions (and the referee approval a
 * tier ≥ 3 needs): `unclassified` (as created), `classifying` (the investigator's opinion only),
 * `disputed` (investigator and DPRs differ) or `classified` (investigator, every DPR of its
 * datasets, and the referee at tier ≥ 2, all at `tier`). Returns the work package id.
 */
export async function createWorkPackageAt(world: World, status: ClassificationStatus, options: WorkPackageOptions = {}): Promise<string> {
  const wpId = workPackageId(world, options.workPackage);
  const opinion = (key: string, tier: number) => submitOpinion(personIn(world, key).ctx, wpId, { path: pathFor(tier) });
  const dprs = await dprKeysOf(world, wpId);
  if (status === 'classifying') {
    await opinion('investigator', options.tier ?? 1);
  } else if (status === 'disputed') {
    const tier = options.tier ?? 2;
    const theirs = tier === 0 ? 1 : tier - 1;
    await opinion('investigator', tier);
    for (const key of dprs) await opinion(key, theirs);
    if (theirs >= 2) await opinion('referee', theirs);
  } else if (status === 'classified') {
    const tier = options.tier ?? 1;
    await opinion('investigator', tier);
    for (const key of dprs) await opinion(key, tier);
    const [firstDpr] = dprs;
    if (tier >= 3 && firstDpr) await approveReferee(personIn(world, firstDpr).ctx, wpId, { refereeUserId: personIn(world, 'referee').id });
    if (tier >= 2) await opinion('referee', tier);
  }
  const row = await world.db.selectFrom('work_packages').select(['status', 'tier']).where('id', '=', wpId).executeTakeFirstOrThrow();
  if (row.status !== status) throw new Error(`work package reached ${row.status}, not ${status}`);
  return wpId;
}

/** The package states the factory reaches (releasing and released wait for the release work; checking and failed are transient). */
export const FACTORY_PACKAGE_STATES = ['draft', 'in_review', 'returned', 'approved', 'withdrawn', 'retained', 'rejected'] as const satisfies readonly PackageStatus[];
export type FactoryPackageState = (typeof FACTORY_PACKAGE_STATES)[number];

export interface TestFile {
  path: string;
  content: string | Buffer;
  /** Default `output`; a supporting file is not reviewed or released. */
  role?: 'output' | 'supporting';
}

export interface PackageOptions {
  /** Default `report`. */
  workPackage?: WorkPackageRef;
  /** The tier the classifiers agree before the package moves (default 1); `null` leaves the work package unclassified. */
  tier?: number | null;
  /** Default one clean Markdown report; files with blocking findings cannot reach `approved` here. */
  files?: TestFile[];
  /** Default `research_team` for a report, `data_provider` for a handover (what their tiers allow). */
  destination?: DestinationKind;
  /**
   * The registered destination the package chooses (a release needs one): by default a download
   * link of the destination's kind, registered by the system manager; `null` chooses none.
   */
  registered?: Partial<RegisterDestinationRequest> | null;
  /** Fields of the context to change from COMPLETE_CONTEXT (the outputs are filled in from the files). */
  context?: Partial<Omit<PackageContext, 'outputs'>>;
  /** Who adds the files and submits (default `researcher`). */
  author?: string;
  /** The reviewer who returns, retains or rejects (default the first DPR of the datasets). */
  reviewer?: string;
  /** Runs on the draft, once its files, context and destination are in, before any move (e.g. a redaction). */
  beforeSubmit?: (draft: { id: string; fileIds: Record<string, string> }) => Promise<void>;
}

export interface CreatedPackage {
  /** The package id (the work package's id). */
  id: string;
  /** File ids by path. */
  fileIds: Record<string, string>;
  /** The package as its author sees it, in the state asked for. */
  package: Package;
}

let destinationCount = 0;

/** Registers a destination on the world's project as its system manager (default: a download link to the research team). */
export async function registerTestDestination(world: PackageWorld, request: Partial<RegisterDestinationRequest> = {}): Promise<Destination> {
  destinationCount += 1;
  const deps = { available: { pushTargets: request.target && request.method === 'container_push' ? [request.target] : [], folderExport: request.method === 'folder_export' } };
  return registerDestination(
    personIn(world, 'sysadmin').ctx,
    world.projectId,
    { name: `Test destination ${destinationCount}`, kind: 'research_team', contactEmail: 'recipient@example.org', method: 'link', target: null, recipientKey: null, ...request },
    deps,
  );
}

export const DEFAULT_TEST_FILES: readonly TestFile[] = [{ path: 'results/report.md', content: '# Final report\n\nThe methods and the results, rounded to the nearest 5.\n' }];

/**
 * Brings an egress package to `state` through the real commands (see the header). `draft`: files and
 * context in place. `in_review`: submitted, checks finished. `returned` / `retained` / `rejected`: the
 * reviewer's move from review, with a comment. `approved`: every reviewer the tier needs approves every
 * output and submits, a tier ≥ 2 handover gets its storage decision agreed by everyone who must, and
 * every required person signs the current digest, so the system approves. `withdrawn`: withdrawn as a draft.
 */
export async function createPackageAt(world: PackageWorld, state: FactoryPackageState, options: PackageOptions = {}): Promise<CreatedPackage> {
  const id = workPackageId(world, options.workPackage);
  const ctxOf = (key: string): CommandContext => personIn(world, key).ctx;
  const author = options.author ?? 'researcher';
  const tier = options.tier === undefined ? 1 : options.tier;
  if (tier !== null) await createWorkPackageAt(world, 'classified', { workPackage: id, tier });

  const fileIds = await addFiles(world, id, author, options.files ?? DEFAULT_TEST_FILES);
  const kind = (await getPackage(ctxOf(author), id)).workPackage.kind;
  const outputs = Object.fromEntries(
    (options.files ?? DEFAULT_TEST_FILES).filter((f) => f.role !== 'supporting').map((f) => [fileIds[f.path], { shows: `What ${f.path} shows`, supportingFileIds: [] }]),
  );
  const destinationKind = options.destination ?? (kind === 'egress_handover' ? 'data_provider' : 'research_team');
  await updatePackageContext(ctxOf(author), id, { context: { ...COMPLETE_CONTEXT, ...options.context, destinationKind, outputs }, version: (await getPackage(ctxOf(author), id)).version });
  if (options.registered !== null) {
    // Tiers 2 and 3 require encryption for the recipient: the destination then carries an age key.
    const recipientKey = tier !== null && tier >= 2 ? await identityToRecipient(await generateX25519Identity()) : null;
    const destination = await registerTestDestination(world, { kind: destinationKind, recipientKey, ...options.registered });
    await choosePackageDestination(ctxOf(author), id, { destinationId: destination.id, version: (await getPackage(ctxOf(author), id)).version });
  }

  await options.beforeSubmit?.({ id, fileIds });

  const move = async (key: string, action: string, comment?: string) => {
    const { version } = await getPackage(ctxOf(key), id);
    await changePackageStatus(ctxOf(key), world.services, id, { action, version, ...(comment ? { comment } : {}) });
    await world.services.settle();
  };
  if (state === 'withdrawn') await move(author, 'withdraw');
  if (state !== 'draft' && state !== 'withdrawn') {
    await move(author, 'submit');
    await expectStatus(world, id, author, 'in_review');
  }
  const reviewer = options.reviewer ?? (await dprKeysOf(world, id))[0] ?? 'referee';
  if (state === 'returned') await move(reviewer, 'return', 'Please round every count to the nearest 5.');
  if (state === 'retained') await move(reviewer, 'retain', 'The outputs stay inside the environment.');
  if (state === 'rejected') await move(reviewer, 'reject', 'These outputs cannot leave.');
  if (state === 'approved') await approve(world, id);
  return { id, fileIds, package: await expectStatus(world, id, author, state) };
}

async function addFiles(world: PackageWorld, id: string, author: string, files: readonly TestFile[]): Promise<Record<string, string>> {
  const ctx = personIn(world, author).ctx;
  const fileIds: Record<string, string> = {};
  for (const file of files) {
    const recorded = await ingestFile(ctx, world.services, id, { path: file.path, source: 'upload' }, Readable.from([Buffer.from(file.content)]));
    fileIds[file.path] = recorded.file.id;
    if (file.role === 'supporting') await changeFileAttributes(ctx, id, recorded.file.id, { role: 'supporting', version: recorded.file.version });
  }
  return fileIds;
}

/** A storage decision any handover at tier ≥ 2 needs (docs/design.md §6). */
export const TEST_STORAGE_DECISION = {
  location: 'Provider A secure archive',
  custodian: 'Provider A data office',
  protection: 'Encrypted at rest; named access only',
  retention: '10 years',
  reviewDate: '2099-01-31',
};

/** From in_review to approved: reviews, handover decisions, then every missing sign-off (the last one approves). */
async function approve(world: PackageWorld, id: string): Promise<void> {
  const ctxOf = (userId: string) => personIn(world, keyOf(world, userId)).ctx;
  const reviewers = ['referee', ...(await dprKeysOf(world, id))].map((k) => personIn(world, k).ctx);
  for (const ctx of reviewers) {
    const summary = await getReviewSummary(ctx, id);
    if (!summary.reviewer) continue;
    for (const f of summary.files.filter((x) => x.needsDecision)) await decideFile(ctx, id, f.fileId, { fileVersionId: f.fileVersionId, decision: 'approve' });
    await submitReview(ctx, id, {});
  }
  const investigator = personIn(world, 'investigator').ctx;
  if ((await getApproval(investigator, id)).missing.some((m) => m.id.includes('storage'))) {
    const [first] = await dprKeysOf(world, id);
    const view = await recordStorageDecision(personIn(world, first ?? 'investigator').ctx, id, { ...TEST_STORAGE_DECISION, version: 0 });
    for (const person of view.missing) await agreeToStorageDecision(ctxOf(person.id), id, { decisionId: view.current?.id });
  }
  const approval = await getApproval(investigator, id);
  const blocking = approval.missing.filter((m) => !m.id.startsWith('sign_off'));
  if (blocking.length > 0) throw new Error(`createPackageAt cannot approve: ${blocking.map((m) => `${m.id}${m.detail ? ` (${m.detail})` : ''}`).join('; ')}`);
  // A role with named people (each DPR of the datasets) needs each of them; otherwise any one holder signs.
  const anyOne: Record<string, string> = { investigator: 'investigator', referee: 'referee' };
  for (const { role, userIds } of approval.signOffs.missing) {
    const signers = userIds ?? [personIn(world, anyOne[role] ?? role).id];
    for (const userId of signers) await signOff(ctxOf(userId), id, { role, digest: approval.digest });
  }
}

async function expectStatus(world: World, id: string, key: string, status: PackageStatus): Promise<Package> {
  const pkg = await getPackage(personIn(world, key).ctx, id);
  if (pkg.status !== status) throw new Error(`package reached ${pkg.status}, not ${status}`);
  return pkg;
}
