import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Io } from './output';
import { runCli } from './program';
import { cliRoot } from '../entrypoints/cli-root';

const run = promisify(execFile);

/** Captures what the CLI prints; files are real files on disk. */
function captureIo(stdin = ''): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    readFile: async (p) => readFileSync(p, 'utf8'),
    readStdin: async () => stdin,
  };
}

const noServe = cliRoot(async () => 99);
const cli = (args: string[], io: Io, env: Record<string, string> = {}) => runCli(['node', 'egress', ...args], io, noServe, env);

// Canonical checks of docs/design.md §3.2, as answers keyed by question id.
const CANONICAL: [Record<string, boolean>, number][] = [
  [{ open_generate_new: false, closed_personal: false, include_commercial: false, open_publication: false }, 0],
  [{ open_generate_new: false, closed_personal: true, public_and_open: true, include_commercial: true, financial_low: true, publishable: true }, 1],
  [
    {
      open_generate_new: false,
      closed_personal: true,
      public_and_open: false,
      no_reidentify: true,
      no_reidentify_absolute: false,
      no_reidentify_strong: true,
      include_commercial_personal: true,
      financial_low_personal: true,
    },
    2,
  ],
  [{ open_generate_new: false, closed_personal: false, include_commercial: true, financial_low: false, sophisticated_attack: false }, 3],
  [{ open_generate_new: true, substantial_threat: true }, 4],
];

describe('egress classify (offline)', () => {
  it.each(CANONICAL)('gives the canonical tier for %j', async (answers, tier) => {
    const io = captureIo(JSON.stringify(answers));
    expect(await cli(['classify', '--set', 'turing', '--answers', '-', '--json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join('\n'));
    expect(out.tier).toBe(tier);
    expect(out.path.map((s: { question: string }) => s.question)).toEqual(Object.keys(answers));
  });

  it('reads the answers from a file and ignores answers off the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-cli-'));
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify({ open_generate_new: true, substantial_threat: false, publishable: true }));
    const io = captureIo();
    expect(await cli(['classify', '--answers', file, '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0] as string)).toEqual({
      tier: 3,
      path: [
        { question: 'open_generate_new', answer: true },
        { question: 'substantial_threat', answer: false },
      ],
    });
  });

  it.each([
    ['an unknown question id', { open_generate_new: true, substantial_threat: true, made_up: true }, 'classification.unknown_question'],
    ['a missing answer on the path', { open_generate_new: false }, 'classification.missing_answer'],
    ['an answer that is not a boolean', { open_generate_new: 'yes' }, 'validation.invalid_input'],
    ['an array instead of an object', [true, false], 'validation.invalid_input'],
  ])('prints an error object and exits 2 for %s', async (_name, answers, code) => {
    const io = captureIo(JSON.stringify(answers));
    expect(await cli(['classify', '--answers', '-', '--json'], io)).toBe(2);
    expect(JSON.parse(io.stdout[0] as string).error.code).toBe(code);
  });

  it('exits 2 for answers that are not JSON and for an unknown set', async () => {
    const bad = captureIo('{not json');
    expect(await cli(['classify', '--answers', '-', '--json'], bad)).toBe(2);
    expect(JSON.parse(bad.stdout[0] as string).error.code).toBe('validation.invalid_input');
    const unknown = captureIo('{}');
    expect(await cli(['classify', '--set', 'nope', '--answers', '-', '--json'], unknown)).toBe(2);
    expect(JSON.parse(unknown.stdout[0] as string).error.code).toBe('question_set.not_found');
  });

  it('prints the question set as JSON', async () => {
    const io = captureIo();
    expect(await cli(['questions', '--set', 'turing', '--json'], io)).toBe(0);
    const set = JSON.parse(io.stdout.join('\n'));
    expect(set.start).toBe('open_generate_new');
    expect(set.questions).toHaveLength(14);
  });

  it('works through the installed bin with standard input', async () => {
    const bin = join(process.cwd(), 'bin', 'egress.js');
    const child = run('node', [bin, 'classify', '--answers', '-', '--json']);
    child.child.stdin?.end(JSON.stringify({ open_generate_new: true, substantial_threat: false }));
    const { stdout } = await child;
    expect(JSON.parse(stdout).tier).toBe(3);
  });

  it('exits 2 with a usage message for an unknown command', async () => {
    const io = captureIo();
    expect(await cli(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain("unknown command 'frobnicate'");
  });
});

describe('egress commands on a database', () => {
  let env: Record<string, string>;
  let dbFile: string;
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'egress-cli-db-'));
    env = { DATA_DIR: dir };
    dbFile = join(dir, 'egress.db');
  });

  it('migrates once and then reports the database up to date', async () => {
    const first = captureIo();
    expect(await cli(['migrate'], first, env)).toBe(0);
    expect(first.stdout[0]).toBe(
      'Applied: 0001-initial, 0002-builtin-data, 0003-packages, 0004-check-settings, 0005-superseded-check-results, 0006-review, 0007-opinion-explanations, 0008-releases, 0009-destinations, 0010-bundle-keys, 0011-redaction, 0012-closure, 0013-notifications, 0014-closure-reports, 0015-audit-checkpoints, 0016-identity',
    );
    const second = captureIo();
    expect(await cli(['migrate'], second, env)).toBe(0);
    expect(second.stdout[0]).toBe('The database is up to date.');
  });

  it('creates the first system manager with a password from stdin and refuses a duplicate', async () => {
    const io = captureIo('a long enough password\n');
    expect(await cli(['user', 'create', '--email', 'Root@Example.org', '--name', 'Root', '--password-stdin'], io, env)).toBe(0);
    expect(io.stdout[0]).toBe('Created system manager Root <root@example.org>.');
    const again = captureIo('another long password');
    expect(await cli(['user', 'create', '--email', 'root@example.org', '--name', 'Root', '--password-stdin'], again, env)).toBe(2);
    expect(again.stderr[0]).toContain('(user.email_taken)');
    const weak = captureIo('short');
    expect(await cli(['user', 'create', '--email', 'x@example.org', '--name', 'X', '--password-stdin'], weak, env)).toBe(2);
    expect(weak.stderr[0]).toContain('(validation.invalid_input)');
    const sqlite = new SqliteDatabase(dbFile, { readonly: true });
    expect(sqlite.prepare('select count(*) n from users').get()).toEqual({ n: 1 });
    sqlite.close();
  });

  it('refuses an invalid configuration with every problem listed', async () => {
    const io = captureIo();
    expect(await cli(['migrate'], io, { PORT: 'eighty', SESSION_IDLE_MINUTES: '0' })).toBe(2);
    expect(io.stderr[0]).toContain('PORT');
    expect(io.stderr[0]).toContain('SESSION_IDLE_MINUTES');
  });

  it('verifies the audit chain, exports it, and names the first altered event', async () => {
    for (const who of ['a', 'b', 'c']) {
      await cli(['user', 'create', '--email', `${who}@example.org`, '--name', who, '--password-stdin'], captureIo('a long enough password'), env);
    }
    const ok = captureIo();
    expect(await cli(['audit', 'verify', '--json'], ok, env)).toBe(0);
    expect(JSON.parse(ok.stdout[0] as string)).toMatchObject({ ok: true, events: 3 });

    const exported = captureIo();
    const file = join(env.DATA_DIR as string, 'audit.jsonl');
    expect(await cli(['audit', 'export', '--output', file], exported, env)).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(lines.map((e) => e.action)).toEqual(['user.created', 'user.created', 'user.created']);
    expect(JSON.stringify(lines)).not.toContain('a long enough password');

    const sqlite = new SqliteDatabase(dbFile);
    sqlite.prepare("update audit_events set actor_label = 'someone else' where seq = 2").run();
    sqlite.close();
    const broken = captureIo();
    expect(await cli(['audit', 'verify'], broken, env)).toBe(1);
    expect(broken.stderr[0]).toContain('BROKEN at event 2');
  });

  it('exports signed checkpoints and detects a deleted tail against them; refuses another server’s checkpoints', async () => {
    for (const who of ['a', 'b', 'c', 'd']) {
      await cli(['user', 'create', '--email', `${who}@example.org`, '--name', who, '--password-stdin'], captureIo('a long enough password'), env);
    }
    const file = join(env.DATA_DIR as string, 'checkpoints.jsonl');
    const exported = captureIo();
    expect(await cli(['audit', 'checkpoints', '--out', file], exported, env)).toBe(0);
    expect(exported.stderr[0]).toContain('latest: event 4');
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(join(env.DATA_DIR as string, 'audit-checkpoint-key.pem')).mode & 0o777).toString(8)).toBe('600');
    const intact = captureIo();
    expect(await cli(['audit', 'verify', '--checkpoints', file], intact, env)).toBe(0);
    expect(intact.stdout[0]).toMatch(/intact: 4 events, .*consistent with 1 signed checkpoint\./);

    const sqlite = new SqliteDatabase(dbFile);
    const third = sqlite.prepare('select hash from audit_events where seq = 3').get() as { hash: string };
    sqlite.prepare('delete from audit_events where seq = 4').run();
    sqlite.prepare('update audit_head set seq = 3, hash = ? where id = 1').run(third.hash);
    sqlite.close();
    expect(await cli(['audit', 'verify'], captureIo(), env)).toBe(0); // the bare chain cannot tell
    const truncated = captureIo();
    expect(await cli(['audit', 'verify', '--checkpoints', file], truncated, env)).toBe(1);
    expect(truncated.stderr[0]).toContain('covers event 4: events were deleted from the end');

    const elsewhere = { DATA_DIR: mkdtempSync(join(tmpdir(), 'egress-other-')) };
    await cli(['user', 'create', '--email', 'z@example.org', '--name', 'z', '--password-stdin'], captureIo('a long enough password'), elsewhere);
    const foreign = join(elsewhere.DATA_DIR, 'checkpoints.jsonl');
    expect(await cli(['audit', 'checkpoints', '--out', foreign], captureIo(), elsewhere)).toBe(0);
    const refused = captureIo();
    expect(await cli(['audit', 'verify', '--checkpoints', foreign], refused, env)).toBe(2);
    expect(refused.stderr[0]).toMatch(/not this server's audit checkpoint key .*another server.*\(audit\.checkpoint_unknown_key\)/);
  });

  it('refuses to import a question set with a cycle and stores nothing', async () => {
    const file = join(env.DATA_DIR as string, 'cycle.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'loop',
        title: 'Loop',
        questions: [
          { id: 'a', version: 1, text: 'A?', yes: { question: 'b' }, no: { tier: 0 } },
          { id: 'b', version: 1, text: 'B?', yes: { question: 'a' }, no: { tier: 1 } },
        ],
      }),
    );
    const io = captureIo();
    expect(await cli(['questions', 'import', file], io, env)).toBe(2);
    expect(io.stderr[0]).toContain('(question_set.invalid)');
    const sqlite = new SqliteDatabase(dbFile, { readonly: true });
    expect(sqlite.prepare("select count(*) n from question_sets where name = 'loop'").get()).toEqual({ n: 0 });
    sqlite.close();
  });
  it('publishes a new tier policy version from a file, shows it, and refuses an invalid one storing nothing', async () => {
    const show = captureIo();
    expect(await cli(['tier-policy', 'show'], show, env)).toBe(0);
    const current = JSON.parse(show.stdout.join('\n'));
    expect(current.version).toBe(1);
    expect(current.tiers.map((t: { independentReviews: number }) => t.independentReviews)).toEqual([1, 1, 2, 2, 0]);
    const tiers = current.tiers.map((t: { tier: number; linkLifetimeHours: number | null }) => (t.tier === 0 ? { ...t, linkLifetimeHours: 48 } : t));
    const file = join(env.DATA_DIR as string, 'policy.json');
    writeFileSync(file, JSON.stringify({ tiers }));
    const published = captureIo();
    expect(await cli(['tier-policy', 'publish', file], published, env)).toBe(0);
    expect(published.stdout[0]).toContain('version 2');
    writeFileSync(file, JSON.stringify({ tiers: tiers.slice(1) }));
    const refused = captureIo();
    expect(await cli(['tier-policy', 'publish', file], refused, env)).toBe(2);
    expect(refused.stderr[0]).toContain('(tier_policy.invalid)');
    const sqlite = new SqliteDatabase(dbFile, { readonly: true });
    expect(sqlite.prepare('select max(version) v, count(*) n from tier_policies').get()).toEqual({ v: 2, n: 2 });
    sqlite.close();
  });
});
