/**
 * Test worlds built through the real commands, so no test can start from a state the product
 * could not reach. `createWorld` makes one account per role and a project with one dataset.
 */
import type { ProjectRole, SystemRole } from '../../common/vocab/roles';
import type { PathStep } from '../../common/contracts/question-sets.contract';
import { type Actor, type CommandContext, systemActor } from '../commands/context';
import { addDataset, addParticipant, createProject } from '../commands/projects.commands';
import { labelOf } from '../commands/sessions.commands';
import { createUser } from '../commands/users.commands';
import { allPaths, toGraph } from '../domain/classification/question-set';
import { TURING_QUESTION_SET } from '../domain/classification/turing.question-set';
import type { Db } from '../db/schema';
import { listWorkPackages } from '../db/work-packages.repository';
import { type Clock, manualClock } from '../ports/clock';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface World {
  db: Db;
  clock: Clock & { advance(ms: number): void };
  system: CommandContext;
  projectId: string;
  datasetId: string;
  /** Ids of the three default work packages. */
  wp: { ingress: string; report: string; handover: string };
  users: Record<string, { id: string; email: string; ctx: CommandContext }>;
  /** Adds an account (and optionally a project role) and returns its context. */
  addPerson(key: string, options?: { systemRole?: SystemRole; projectRole?: ProjectRole }): Promise<{ id: string; email: string; ctx: CommandContext }>;
}

const graph = toGraph(TURING_QUESTION_SET);
const pathsByTier = new Map<number, PathStep[]>();
for (const p of allPaths(graph)) if (!pathsByTier.has(p.tier)) pathsByTier.set(p.tier, p.path);

/** A valid answer path of the turing set that leads to `tier`. */
export function pathFor(tier: number): PathStep[] {
  const path = pathsByTier.get(tier);
  if (!path) throw new Error(`no path to tier ${tier}`);
  return path;
}

/** Creates the standard cast: sysadmin, programme manager, investigator, researcher, dpr, referee, pm. */
export async function createWorld(db: Db): Promise<World> {
  const clock = manualClock();
  const system: CommandContext = { db, clock, actor: systemActor('test') };
  const users: World['users'] = {};
  let projectId = '';
  const addPerson: World['addPerson'] = async (key, options = {}) => {
    const email = `${key}@example.org`;
    const user = await createUser(system, { email, name: key, password: TEST_PASSWORD, systemRole: options.systemRole ?? 'standard' });
    const actor: Actor = { userId: user.id, systemRole: user.systemRole, label: labelOf(user) };
    const person = { id: user.id, email, ctx: { db, clock, actor } };
    users[key] = person;
    if (options.projectRole && projectId) await addParticipant(system, projectId, { email, role: options.projectRole });
    return person;
  };
  await addPerson('sysadmin', { systemRole: 'system_manager' });
  await addPerson('programme', { systemRole: 'programme_manager' });
  const project = await createProject((users.programme as { ctx: CommandContext }).ctx, { name: 'Test project', environmentTier: 3 });
  projectId = project.id;
  await addPerson('investigator', { projectRole: 'investigator' });
  await addPerson('researcher', { projectRole: 'researcher' });
  await addPerson('dpr', { projectRole: 'data_provider_representative' });
  await addPerson('referee', { projectRole: 'referee' });
  await addPerson('pm', { projectRole: 'project_manager' });
  await addPerson('outsider');
  await addDataset(system, projectId, { name: 'Dataset A', providerName: 'Provider A', representativeUserId: users.dpr?.id });
  const wps = await listWorkPackages(db, projectId);
  const byKind = (kind: string) => wps.find((w) => w.kind === kind)?.id as string;
  const datasetRow = await db.selectFrom('datasets').select('id').where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return {
    db,
    clock,
    system,
    projectId,
    datasetId: datasetRow.id,
    wp: { ingress: byKind('ingress'), report: byKind('egress_report'), handover: byKind('egress_handover') },
    users,
    addPerson,
  };
}

/** Counts rows in every table: a cheap fingerprint to prove a refused command changed nothing. */
export async function snapshotCounts(db: Db): Promise<Record<string, number>> {
  const tables = [
    'users',
    'sessions',
    'projects',
    'participants',
    'datasets',
    'work_packages',
    'work_package_datasets',
    'opinions',
    'referee_approvals',
    'discussion_entries',
    'reopenings',
    'audit_events',
    'question_sets',
    'packages',
    'package_files',
    'file_versions',
    'removals',
    'check_results',
    'superseded_check_results',
    'uploads',
    'api_tokens',
    'project_check_settings',
    'package_authors',
    'file_reviews',
    'review_submissions',
    'package_comments',
    'finding_responses',
    'sign_offs',
    'storage_decisions',
    'storage_decision_agreements',
    'redaction_decisions',
    'redaction_proposals',
    'redaction_records',
    'opinion_confirmations',
    'releases',
    'release_links',
    'destinations',
    'inventory_refreshes',
    'output_area_inventory',
    'closure_file_marks',
    'closure_waivers',
    'notifications',
    'notification_preferences',
    'recovery_codes',
    'sign_in_failures',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const row = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  const versions = await db.selectFrom('work_packages').select(['id', 'version', 'status']).orderBy('id').execute();
  out.work_package_versions = versions.reduce((sum, v) => sum + Number(v.version), 0);
  const packages = await db.selectFrom('packages').select(['version']).execute();
  out.package_versions = packages.reduce((sum, v) => sum + Number(v.version), 0);
  const files = await db.selectFrom('package_files').select(['version']).execute();
  out.file_row_versions = files.reduce((sum, v) => sum + Number(v.version), 0);
  return out;
}
