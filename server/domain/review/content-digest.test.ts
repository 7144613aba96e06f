/**
 * The content digest: the canonical form documented in docs/packages.md (recomputed here by hand
 * from the documented rules), independence from the order rows come back in, and a change of any
 * input changing it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { packageContextSchema } from '../../../common/contracts/packages.contract';
import { contentDigest as isomorphicContentDigest } from '../../../common/content-digest';
import { type ContentDigestInput, canonicalJson, contentDigest, contentDigestDocument } from './content-digest';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function input(overrides: Partial<ContentDigestInput> = {}): ContentDigestInput {
  return {
    files: [
      { path: 'results/b.csv', sha256: B },
      { path: 'results/a.csv', sha256: A },
    ],
    context: packageContextSchema.parse({ purpose: 'Report "final"', destinationKind: 'research_team', suppressionThreshold: 10 }),
    removed: [{ path: 'results/secret.csv', version: 2, reason: 'small counts', outcome: null }],
    tier: { tier: 1, policyVersion: 1 },
    destination: { kind: 'research_team', registeredDestination: null, deliveryMethod: null, recipientKeyFingerprint: null },
    ...overrides,
  };
}

describe('the content digest', () => {
  it('is the SHA-256 of the documented canonical JSON', () => {
    const expected =
      '{"context":{"destinationKind":"research_team","outputs":{},"population":"","purpose":"Report \\"final\\"","recipient":"","rounding":"","suppressionThreshold":10},' +
      '"destination":{"deliveryMethod":null,"kind":"research_team","recipientKeyFingerprint":null,"registeredDestination":null},' +
      '"digestVersion":1,' +
      `"files":[{"path":"results/a.csv","sha256":"${A}"},{"path":"results/b.csv","sha256":"${B}"}],` +
      '"removed":[{"outcome":null,"path":"results/secret.csv","reason":"small counts","version":2}],' +
      '"tier":{"policyVersion":1,"tier":1}}';
    expect(contentDigest(input())).toBe(sha(expected));
    // The fast path for the file list gives what the generic canonical form gives.
    const odd = input({
      files: [
        { path: 'a "quoted"\\path\u00e9\ud83d\ude00.csv', sha256: A },
        { path: 'Z.csv', sha256: B },
      ],
    });
    expect(contentDigest(odd)).toBe(sha(canonicalJson(contentDigestDocument(odd))));
    // The browser's and egress verify's digest (common/, @noble/hashes) is the same.
    expect(isomorphicContentDigest(odd)).toBe(contentDigest(odd));
    expect(isomorphicContentDigest(input())).toBe(contentDigest(input()));
  });

  it('does not depend on the order files and removals are listed in', () => {
    const reordered = input();
    reordered.files = [...reordered.files].reverse();
    expect(contentDigest(reordered)).toBe(contentDigest(input()));
  });

  it('sorts keys and paths by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: [3, { z: null, Z: true }] })).toBe('{"B":2,"a":[3,{"Z":true,"z":null}],"b":1}');
    const files = [
      { path: 'é.csv', sha256: A },
      { path: 'z.csv', sha256: B },
      { path: 'Z.csv', sha256: A },
    ];
    const digest = contentDigest(input({ files }));
    expect(digest).toBe(contentDigest(input({ files: [files[2], files[1], files[0]] as typeof files })));
  });

  it('changes when any input changes', () => {
    const base = contentDigest(input());
    const changed: Partial<ContentDigestInput>[] = [
      {
        files: [
          { path: 'results/a.csv', sha256: B },
          { path: 'results/b.csv', sha256: B },
        ],
      },
      { files: [{ path: 'results/a.csv', sha256: A }] },
      { context: packageContextSchema.parse({ purpose: 'Report', destinationKind: 'research_team', suppressionThreshold: 10 }) },
      { removed: [] },
      { removed: [{ path: 'results/secret.csv', version: 2, reason: 'small counts', outcome: 'keep_inside' }] },
      { tier: { tier: 2, policyVersion: 1 } },
      { tier: { tier: 1, policyVersion: 2 } },
      { destination: { kind: 'data_provider', registeredDestination: null, deliveryMethod: null, recipientKeyFingerprint: null } },
    ];
    const digests = changed.map((c) => contentDigest(input(c)));
    expect(new Set([base, ...digests]).size).toBe(changed.length + 1);
  });

  it('hashes 10,000 files to the canonical form (its speed is measured in bench/review.bench.ts)', () => {
    const files = Array.from({ length: 10_000 }, (_, i) => ({ path: `outputs/dir${i % 100}/file-${i}.csv`, sha256: sha(String(i)) }));
    const many = input({ files });
    expect(contentDigest(many)).toBe(sha(canonicalJson(contentDigestDocument(many))));
  });
});
