/**
 * Demo data for the embedded quick start: one account per role and a project ready to
 * classify. Passwords are random per installation; they are returned once so the entrypoint
 * can print them and keep them in a file readable only by the operator.
 */
import { randomBytes } from 'node:crypto';
import type { ProjectRole, SystemRole } from '../../common/vocab/roles';
import { countUsers, findUserByEmail } from '../db/users.repository';
import { addDataset, addParticipant, createProject } from './projects.commands';
import type { CommandContext } from './context';
import { createUser } from './users.commands';

export interface DemoAccount {
  email: string;
  name: string;
  password: string;
  systemRole: SystemRole;
  projectRole: ProjectRole | null;
}

const PEOPLE: Omit<DemoAccount, 'password'>[] = [
  { email: 'sysadmin@example.org', name: 'Sam Sysadmin', systemRole: 'system_manager', projectRole: null },
  { email: 'programme@example.org', name: 'Priya Programme', systemRole: 'programme_manager', projectRole: null },
  { email: 'investigator@example.org', name: 'Ines Investigator', systemRole: 'standard', projectRole: 'investigator' },
  { email: 'researcher@example.org', name: 'Rui Researcher', systemRole: 'standard', projectRole: 'researcher' },
  { email: 'dpr@example.org', name: 'Dana Provider', systemRole: 'standard', projectRole: 'data_provider_representative' },
  { email: 'referee@example.org', name: 'Remi Referee', systemRole: 'standard', projectRole: 'referee' },
  { email: 'pm@example.org', name: 'Morgan Manager', systemRole: 'standard', projectRole: 'project_manager' },
];

/** Creates the demo accounts and project on an empty database; returns [] if any user exists. */
export async function seedDemo(ctx: CommandContext): Promise<DemoAccount[]> {
  if ((await countUsers(ctx.db)) > 0) return [];
  const accounts: DemoAccount[] = [];
  for (const person of PEOPLE) {
    const password = randomBytes(9).toString('base64url');
    await createUser(ctx, { email: person.email, name: person.name, password: `demo-${password}`, systemRole: person.systemRole });
    accounts.push({ ...person, password: `demo-${password}` });
  }
  const project = await createProject(ctx, {
    name: 'Hospital admissions and air quality (demo)',
    description: 'Links daily hospital admissions for respiratory conditions with local air-quality readings, 2019–2024.',
    environmentTier: 3,
  });
  for (const person of PEOPLE) {
    if (person.projectRole) await addParticipant(ctx, project.id, { email: person.email, role: person.projectRole });
  }
  const dpr = await findUserByEmail(ctx.db, 'dpr@example.org');
  await addDataset(ctx, project.id, {
    name: 'Admissions extract 2019–2024',
    description: 'Pseudonymised admission records with age band, sex, admission date and area.',
    providerName: 'Northshire Hospitals NHS Trust (fictional)',
    representativeUserId: dpr?.id,
  });
  return accounts;
}
