/**
 * The TOTP second factor through the API with the factor enforced (the default of a real
 * installation): enrolment at first sign-in, the code step, wrong and replayed codes, single-use
 * recovery codes, a system manager's reset, and the per-role policy that never spares system
 * managers. Runs on SQLite and on PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECOND_FACTOR_ENFORCED } from '../../domain/identity/second-factor-policy';
import { SIGN_IN_REFUSED } from '../../domain/identity/sign-in-limits';
import { TEST_DIALECTS } from '../../testing/databases';
import { type TestApp, expectError, startTestApp } from '../app.testing';
import { type Browser, browserFor } from './identity.testing';

const STEP = 30_000;

describe.each(TEST_DIALECTS)('second factor routes on %s', (dialect) => {
  let t: TestApp;
  let admin: Browser;
  let researcher: Browser;
  beforeEach(async () => {
    t = await startTestApp(dialect, { identity: { secondFactor: SECOND_FACTOR_ENFORCED } });
    admin = browserFor(t, 'sysadmin@example.org', '10.5.0.1');
    researcher = browserFor(t, 'researcher@example.org', '10.5.0.2');
  });
  afterEach(async () => t.close());

  const actions = async (action: string) => t.database.db.selectFrom('audit_events').select(['action', 'actor_id', 'object_id', 'summary']).where('action', '=', action).orderBy('seq').execute();

  it('opens only a pending session after the password, which reaches nothing but enrolment, then a full one after enrolling', async () => {
    const first = await researcher.signIn();
    expect(first.statusCode).toBe(200);
    expect(Object.keys(first.json()).sort()).toEqual(['csrfToken', 'expiresAt', 'pending']);
    expect(first.json().pending).toBe('enrolment');
    expectError(await researcher.call('GET', '/api/v1/session'), 401, 'auth.unauthenticated');
    expectError(await researcher.call('GET', '/api/v1/projects'), 401, 'auth.unauthenticated');
    expectError(await researcher.call('POST', '/api/v1/session/code', { code: '123456' }), 401, 'auth.unauthenticated');

    const start = await researcher.call('POST', '/api/v1/session/second-factor/enrolment', {});
    expect(start.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = start.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain('researcher%40example.org');
    expect(qrSvg).toMatch(/^<svg/);
    expect(start.headers['cache-control']).toBe('no-store');

    const wrongCode = String((Number(researcher.currentCode(secret)) + 1) % 1_000_000).padStart(6, '0');
    expectError(await researcher.call('POST', '/api/v1/session/second-factor/enrolment/confirm', { code: wrongCode }), 422, 'second_factor.invalid_code');
    const confirm = await researcher.call('POST', '/api/v1/session/second-factor/enrolment/confirm', { code: researcher.currentCode(secret) });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes, session } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    expect(session.user).toMatchObject({ email: 'researcher@example.org', secondFactor: true });
    expect((await researcher.call('GET', '/api/v1/session')).statusCode).toBe(200);
    expect((await researcher.call('GET', '/api/v1/session/second-factor')).json()).toMatchObject({ enrolled: true, required: true, recoveryCodesLeft: 10 });

    // Stored: the secret and only salted hashes of the recovery codes.
    const stored = JSON.stringify(await t.database.db.selectFrom('recovery_codes').selectAll().execute());
    for (const code of recoveryCodes) expect(stored).not.toContain(code.replaceAll('-', ''));
    expect(await actions('second_factor.enrolled')).toMatchObject([{ actor_id: t.world.users.researcher?.id, summary: '{"recoveryCodes":10}' }]);
    const audit = JSON.stringify(await t.database.db.selectFrom('audit_events').selectAll().execute());
    expect(audit).not.toContain(secret);
  });

  it('asks an enrolled person for a code after the password, and refuses wrong and replayed codes with the one refusal', async () => {
    await researcher.signIn();
    const { secret } = await researcher.enrol();
    t.world.clock.advance(STEP);

    expect((await researcher.signIn()).json()).toMatchObject({ pending: 'second_factor' });
    expectError(await researcher.call('GET', '/api/v1/session'), 401, 'auth.unauthenticated');
    const wrong = await researcher.code('000000' === researcher.currentCode(secret) ? '111111' : '000000');
    expectError(wrong, 401, 'auth.invalid_credentials');
    expect(wrong.json().error.message).toBe(SIGN_IN_REFUSED);
    const code = researcher.currentCode(secret);
    const signed = await researcher.code(code);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().user.email).toBe('researcher@example.org');
    expect((await researcher.call('GET', '/api/v1/session')).statusCode).toBe(200);

    // The same code again, in the same time step, from a new sign-in: refused (replay).
    expect((await researcher.signIn()).json()).toMatchObject({ pending: 'second_factor' });
    expectError(await researcher.code(code), 401, 'auth.invalid_credentials');
    // The pending session is no full session even after a refusal.
    expectError(await researcher.call('GET', '/api/v1/session'), 401, 'auth.unauthenticated');
    const refusals = await actions('session.sign_in_failed');
    expect(refusals.map((r) => JSON.parse(r.summary as string).reason)).toEqual(['wrong_code', 'replayed_code']);
    // The next step's code works.
    t.world.clock.advance(STEP);
    expect((await researcher.code(researcher.currentCode(secret))).statusCode).toBe(200);
  });

  it('accepts each recovery code once, in place of a TOTP code', async () => {
    await researcher.signIn();
    const { recoveryCodes } = await researcher.enrol();
    const [first, second] = recoveryCodes as [string, string];
    await researcher.signIn();
    const used = await researcher.code(first.toUpperCase().replaceAll('-', ' '));
    expect(used.statusCode).toBe(200);
    expect((await researcher.call('GET', '/api/v1/session/second-factor')).json()).toMatchObject({ recoveryCodesLeft: 9 });

    await researcher.signIn();
    expectError(await researcher.code(first), 401, 'auth.invalid_credentials');
    expect((await researcher.code(second)).statusCode).toBe(200);
    const signedIn = await actions('session.signed_in');
    expect(signedIn.map((r) => JSON.parse(r.summary as string))).toEqual([
      { secondFactor: 'enrolled' },
      { secondFactor: 'recovery_code', recoveryCodesLeft: 9 },
      { secondFactor: 'recovery_code', recoveryCodesLeft: 8 },
    ]);
  });

  it('lets a system manager reset a second factor: the person’s sessions end and they enrol again at next sign-in', async () => {
    await admin.signIn();
    await admin.enrol();
    await researcher.signIn();
    await researcher.enrol();
    expect((await researcher.call('GET', '/api/v1/session')).statusCode).toBe(200);

    const researcherId = t.world.users.researcher?.id as string;
    // Only system managers: the researcher cannot reset their own (nor anyone's) factor here.
    expectError(await researcher.call('POST', `/api/v1/users/${researcherId}/second-factor/reset`, {}), 403, 'auth.forbidden');
    const reset = await admin.call('POST', `/api/v1/users/${researcherId}/second-factor/reset`, {});
    expect(reset.statusCode).toBe(204);
    expectError(await researcher.call('GET', '/api/v1/session'), 401, 'auth.unauthenticated');
    expect((await researcher.signIn()).json()).toMatchObject({ pending: 'enrolment' });
    expect(await t.database.db.selectFrom('recovery_codes').select('id').where('user_id', '=', researcherId).execute()).toEqual([]);
    expect(await actions('user.second_factor_reset')).toMatchObject([{ actor_id: t.world.users.sysadmin?.id, object_id: researcherId }]);
    expect(await actions('user.sessions_ended')).toMatchObject([{ object_id: researcherId, summary: JSON.stringify({ email: 'researcher@example.org', reason: 'second_factor_reset' }) }]);
    // Re-enrolment gives a new secret that works.
    const { secret } = await researcher.enrol();
    t.world.clock.advance(STEP);
    await researcher.signIn();
    expect((await researcher.code(researcher.currentCode(secret))).statusCode).toBe(200);
  });

  it('makes the factor optional only for the configured roles, never for system managers', async () => {
    await t.close();
    t = await startTestApp(dialect, { identity: { secondFactor: { optionalRoles: ['standard', 'programme_manager'] } } });
    const standard = await browserFor(t, 'researcher@example.org', '10.5.0.3').signIn();
    expect(standard.json()).toHaveProperty('user');
    const programme = await browserFor(t, 'programme@example.org', '10.5.0.4').signIn();
    expect(programme.json()).toHaveProperty('user');
    const manager = await browserFor(t, 'sysadmin@example.org', '10.5.0.5').signIn();
    expect(manager.json()).toMatchObject({ pending: 'enrolment' });
  });
});
