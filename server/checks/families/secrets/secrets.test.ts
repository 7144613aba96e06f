/**
 * The `secrets` line detector: what each credential rule finds (rule, severity, line, column),
 * what it must not mistake for a credential, and that no finding ever carries the secret.
 * Token-shaped fixtures are assembled at run time so this file does not itself look like a leak.
 */
import { describe, expect, it } from 'vitest';
import { findingSchema } from '../../../../common/contracts/scan.contract';
import { findingPlaces, runLineDetectors } from '../../engine/line-detectors.testing';
import type { Finding } from '../../engine/types';
import { secretsLineDetectors } from './index';

const scan = (lines: string[], name = 'settings.yml'): Finding[] => runLineDetectors(secretsLineDetectors, lines, name);

const where = findingPlaces;

function expectNoValue(findings: Finding[], ...values: string[]): void {
  const json = JSON.stringify(findings);
  for (const value of values) expect(json).not.toContain(value);
}

/** A deterministic random-looking string over `alphabet` (a stand-in for a generated key). */
function randomish(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let seed = length * 7919 + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    // xorshift32: enough randomness for entropy checks, the same string on every run.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out += alphabet[(seed >>> 0) % alphabet.length];
  }
  return out;
}

const AWS_ID = ['AK', 'IA', 'Q3EGRK7Z4NT6WXM2'].join('');
const AWS_SECRET = randomish(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
const GITHUB = ['gh', 'p_', randomish(36)].join('');
const SLACK = ['xo', 'xb-', '1234567890-', randomish(24)].join('');
const GOOGLE = ['AI', 'za', randomish(35)].join('');
const STRIPE = ['sk', '_live_', randomish(24)].join('');
const NPM = ['np', 'm_', randomish(36)].join('');
const JWT = ['ey', 'JhbGciOiJIUzI1NiJ9', '.ey', 'JzdWIiOiIxMjM0NTY3ODkwIn0', '.', randomish(43)].join('');
const AZURE_KEY = `${randomish(86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`;
const BEGIN = '-----BEGIN';

describe('secrets detector: what it finds', () => {
  it('reports a private key block once, at its BEGIN line, as a blocking finding', () => {
    const lines = [`${BEGIN} RSA PRIVATE KEY-----`, 'MIIEowIBAAKCAQEA7', 'password = "inside-the-key-body-1"', '-----END RSA PRIVATE KEY-----', 'after'];
    expect(scan(lines)).toEqual([
      {
        family: 'secrets',
        rule: 'secrets.private_key',
        severity: 'block',
        message: 'A private key block (BEGIN … PRIVATE KEY)',
        location: { line: 1, column: 1 },
      },
    ]);
  });

  it('reports OpenSSH, EC, PKCS#8, PGP and PuTTY private keys, also inside YAML strings', () => {
    const lines = [
      `${BEGIN} OPENSSH PRIVATE KEY-----`,
      '-----END OPENSSH PRIVATE KEY-----',
      `ec: "${BEGIN} EC PRIVATE KEY-----\\nMHcCAQEE\\n-----END EC PRIVATE KEY-----"`,
      `${BEGIN} PRIVATE KEY-----`,
      '-----END PRIVATE KEY-----',
      `${BEGIN} PGP PRIVATE KEY BLOCK-----`,
      '-----END PGP PRIVATE KEY BLOCK-----',
      'PuTTY-User-Key-File-2: ssh-rsa',
    ];
    expect(where(scan(lines))).toEqual([
      ['secrets.private_key', 1, 1],
      ['secrets.private_key', 3, 6],
      ['secrets.private_key', 4, 1],
      ['secrets.private_key', 6, 1],
      ['secrets.private_key', 8, 1],
    ]);
  });

  it('reports cloud and service tokens by their published formats', () => {
    const lines = [
      `aws_access_key_id = ${AWS_ID}`,
      `export GH=${GITHUB}`,
      `SLACK=${SLACK}`,
      `maps("${GOOGLE}")`,
      `stripe ${STRIPE}`,
      `Authorization: ${JWT}`,
      `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net`,
      `publish with ${NPM}`,
    ];
    const findings = scan(lines, 'notes.txt');
    expect(where(findings)).toEqual([
      ['secrets.aws_access_key', 1, 21],
      ['secrets.github_token', 2, 11],
      ['secrets.slack_token', 3, 7],
      ['secrets.google_api_key', 4, 7],
      ['secrets.stripe_key', 5, 8],
      ['secrets.jwt', 6, 16],
      ['secrets.azure_storage_key', 7, 49],
      ['secrets.npm_token', 8, 14],
    ]);
    expect(findings.every((f) => f.severity === 'block')).toBe(true);
    expectNoValue(findings, AWS_ID, GITHUB, SLACK, GOOGLE, STRIPE, JWT, AZURE_KEY, NPM);
  });

  it('reports an AWS secret access key and an npm auth token in their config files', () => {
    const findings = [...scan(['[default]', `aws_secret_access_key = ${AWS_SECRET}`], 'credentials'), ...scan(['//registry.npmjs.org/:_authToken=6c141bb5-5b6d-1311-98dc-a1b2c3d4e5f6'], '.npmrc')];
    expect(where(findings)).toEqual([
      ['secrets.aws_secret_key', 2, 1],
      ['secrets.npm_token', 1, 23],
    ]);
    expectNoValue(findings, AWS_SECRET, '6c141bb5-5b6d-1311-98dc-a1b2c3d4e5f6');
  });

  it('reports URLs and connection strings with an embedded password', () => {
    const lines = ['DATABASE_URL=postgres://analyst:Tr0ub4dor3@db.internal:5432/cohort', '<url>jdbc:mysql://localhost/db?user=u&amp;password=s3cr3tValue1</url>'];
    const findings = scan(lines, 'app.properties');
    expect(where(findings)).toEqual([
      ['secrets.credentials_in_url', 1, 14],
      ['secrets.credentials_in_url', 2, 43],
    ]);
    expectNoValue(findings, 'Tr0ub4dor3', 's3cr3tValue1');
  });

  it('reports passwords written into code as literals, in every way code writes them', () => {
    const lines = [
      'password = "hardcoded0"',
      'if password == f"hardcoded1":',
      'if "{}".format("hardcoded2") != PASSWORD:',
      'creds = {"user": "admin", "password": "hardcoded4"}',
      'os.getenv("PASSWORD", "hardcoded5")',
      'login(password="hardcoded10")',
      'db_pass: str = "hardcoded11"',
    ];
    const findings = scan(lines, 'app.py');
    expect(where(findings)).toEqual([
      ['secrets.password_assignment', 1, 1],
      ['secrets.password_assignment', 2, 4],
      ['secrets.password_assignment', 3, 33],
      ['secrets.password_assignment', 4, 28],
      ['secrets.password_assignment', 5, 12],
      ['secrets.password_assignment', 6, 7],
      ['secrets.password_assignment', 7, 1],
    ]);
    expectNoValue(findings, 'hardcoded0', 'hardcoded1', 'hardcoded2', 'hardcoded4', 'hardcoded5', 'hardcoded10', 'hardcoded11');
  });

  it('reports passwords and secrets in configuration, .env and .netrc files', () => {
    const lines = ['FAIL3_PSQL_PASSWORD: hardcoded3', "secretKey: 'lmaoisdizareel0ne?hardcoded4'", 'DB_PASSWORD=8ae31cacf141669ddfb5da', 'machine api.example.org login alice password Xy7pQ2rs'];
    const findings = scan(lines, 'config');
    expect(where(findings)).toEqual([
      ['secrets.password_assignment', 1, 1],
      ['secrets.password_assignment', 2, 1],
      ['secrets.password_assignment', 3, 1],
      ['secrets.password_assignment', 4, 37],
    ]);
    expectNoValue(findings, 'hardcoded3', 'lmaoisdizareel0ne', '8ae31cacf141669ddfb5da', 'Xy7pQ2rs');
  });

  it('produces findings that satisfy the scan contract, capped at 50 per rule', () => {
    const findings = scan(
      Array.from({ length: 55 }, (_, i) => `db_password: hardcoded${i}`),
      '.env',
    );
    expect(findings.filter((f) => f.severity === 'block')).toHaveLength(50);
    expect(findings[50]).toMatchObject({ rule: 'secrets.password_assignment', severity: 'info' });
    for (const f of findings) expect(findingSchema.safeParse(f).success).toBe(true);
  });

  it('reports a high-entropy value next to a secret-like name', () => {
    const value = randomish(32);
    const findings = scan([`storage_access_key: ${value}`, `"api_key": "${value}"`], 'settings.json');
    expect(where(findings)).toEqual([
      ['secrets.high_entropy', 1, 1],
      ['secrets.high_entropy', 2, 2],
    ]);
    expect(findings[0]!.message).toBe('A random-looking (high-entropy) value assigned to a secret-like name');
    expectNoValue(findings, value);
  });
});

describe('secrets detector: what it must not fire on', () => {
  it('does not report public keys, certificates or SSH public key lines', () => {
    const lines = [
      `${BEGIN} PUBLIC KEY-----`,
      'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
      '-----END PUBLIC KEY-----',
      `${BEGIN} CERTIFICATE-----`,
      '-----END CERTIFICATE-----',
      `${BEGIN} PGP PUBLIC KEY BLOCK-----`,
      `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${randomish(60)} alice@laptop`,
    ];
    expect(scan(lines)).toEqual([]);
  });

  it('does not report placeholder values', () => {
    const lines = [
      'password: changeme',
      'password: "<password>"',
      'password: ${DB_PASSWORD}',
      'password: $DB_PASSWORD',
      'password: xxx',
      'password: "****"',
      'password: your_password_here',
      'password: example',
      'password: dummy',
      'password: test',
      'password: ""',
      'DB_PASSWORD=DB_PASSWORD',
      'MasterUserPassword: <% PASSWORD_HERE %>',
      "Symfony_DB_Key: '%env(DB_SECRET_VALUE)%'",
      'webhookApiSecret: ZENDESK_WEBHOOK_API_SECRET',
      '//registry.npmjs.org/:_authToken={NPM_TOKEN}',
      'aws_secret_access_key = {{ SECRET_ACCESS_KEY }}',
      'connectionURL="jdbc:mysql://localhost/authority?user=dbuser&amp;password="',
      'postgres://user:password@localhost/db',
      `aws_access_key_id = ${['AK', 'IA', 'IOSFODNN7', 'EXAMPLE'].join('')}`,
    ];
    expect(scan(lines)).toEqual([]);
  });

  it('does not report code that reads a secret from somewhere else', () => {
    const lines = [
      'SECRET = os.environ["SECRET"]',
      "SECRET = os.environ['SECRET']",
      'password = getpass()',
      'password = secrets["password"]',
      'password = asdf',
      'token = process.env.NPM_TOKEN',
      'format_password = "prefix_{}".format(dynamic_value1)',
      'format_password = f"prefix_{dynamic_value3}"',
      'os.getenv("PASSWORD", "")',
      'data = {"login": login, "password": new_password, "previousPassword": password}',
    ];
    expect(scan(lines, 'app.py')).toEqual([]);
    expect(scan(['SECRET = os.environ["SECRET"]', 'password = getpass()'], 'notes.txt')).toEqual([]);
  });

  it('does not report prose or names that merely mention a secret', () => {
    const lines = [
      'Set the PASSWORD variable before running the pipeline.',
      'S3_ARCHIVE_ACCESS_KEY: "Get this from elsewhere"',
      'passenger: "ok1"',
      'passwordForPassenger: "ok2"',
      'PasswordResetUrl: "ok7"',
      'publicKey: "ok8"',
      'secretary: "ok5"',
      'bucket_key: s3://{{ s3().master_bucket }}/sessions',
      'allPass: "overEvery", anyPass: "overSome"',
      "PWD: '/Users/maciej'",
    ];
    expect(scan(lines)).toEqual([]);
  });

  it('does not report lockfile hashes, commit ids or parser tokens', () => {
    const lines = [
      `      "integrity": "sha512-${randomish(86, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==",`,
      'commit_id: 912ec803b2ce49e4a541068d495ab57000000000',
      'commit 3f786850e387550fdab836ed7e6dc881de23001b',
      "if (token === '--require' || token === '-r') {",
      '"minipass": "^7.1.3",',
    ];
    expect(scan(lines, 'package-lock.json')).toEqual([]);
    const minified = 'throw new PasswordException("No password given",e);a=_.password?_.username+":"+_.password:_.username,_.origin="file:"';
    expect(scan([minified], 'bundle.min.js')).toEqual([]);
    expect(scan(lines.slice(3), 'transport.js')).toEqual([]);
  });
});
