/**
 * What every archive reader shares: member-name checks (absolute paths, `..` traversal), the
 * bomb limits read from the scan parameters, nesting depth, and a byte-capped stream collector.
 * Everything here works on headers and counts, so it runs before any member data is read.
 */
import { CheckerReason, errorReason } from '../../shared/error-reason';
import { memberLabel } from '../../shared/mask-name';
import { finding, type CheckContext, type Extracted, type FileInfo, type Finding } from '../../engine/types';

/** Expansion below this many bytes is never treated as a bomb by ratio alone (tiny, very compressible files are normal). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/** Why a member name is dangerous to extract, or null when it stays inside the extraction folder. */
export function unsafeMemberName(name: string): string | null {
  const norm = name.replace(/\\/g, '/');
  if (norm.startsWith('/') || /^[a-zA-Z]:/.test(norm)) return 'an absolute path';
  if (norm.split('/').includes('..')) return 'a path that climbs out of the extraction folder';
  return null;
}

/** Why a link target escapes the archive (absolute, or climbing above the root from the link's folder). */
export function unsafeLinkTarget(entryName: string, target: string): string | null {
  const norm = target.replace(/\\/g, '/');
  if (norm.startsWith('/') || /^[a-zA-Z]:/.test(norm)) return 'a link to an absolute path';
  let depth =
    entryName
      .replace(/\\/g, '/')
      .split('/')
      .filter((s) => s && s !== '.').length - 1;
  for (const seg of norm.split('/')) {
    if (seg === '..') depth -= 1;
    else if (seg && seg !== '.') depth += 1;
    if (depth < 0) return 'a link that points out of the extraction folder';
  }
  return null;
}

/**
 * How many archives this file sits inside, from the engine's `outer.zip!/inner.zip` path.
 * The top-level file has depth 0.
 */
export function nestingDepth(file: FileInfo): number {
  return file.path.split('!/').length - 1;
}

/** The byte limits that apply to one archive, derived from the scan parameters. */
export interface ArchiveLimits {
  maxEntries: number;
  maxTotal: number;
  maxRatio: number;
  /** Member bytes this handler will hold in memory for the engine. */
  memory: number;
}

/** Limits for this scan. */
export function limitsFor(ctx: CheckContext): ArchiveLimits {
  const p = ctx.parameters;
  return { maxEntries: p.archiveMaxEntries, maxTotal: p.archiveMaxTotalBytes, maxRatio: p.archiveMaxRatio, memory: p.maxFileBytesInMemory };
}

/** Whether expanding `compressed` bytes into `expanded` bytes exceeds the ratio limit. */
export function ratioExceeded(expanded: number, compressed: number, limits: ArchiveLimits): boolean {
  return expanded > RATIO_FLOOR_BYTES && expanded > Math.max(compressed, 1) * limits.maxRatio;
}

/**
 * A member of an archive: its 1-based position and its name as stored. Findings name it by
 * position and masked name (`#3 d••••.csv`, mask-name.ts), the same label its entry's path ends
 * with, never by the name itself.
 */
export interface MemberAt {
  position: number;
  name: string;
}

const entryOf = (member: MemberAt) => ({ entry: memberLabel(member.position, member.name) });

/** A path-traversal finding for one member. */
export function traversalFinding(member: MemberAt, why: string): Finding {
  return finding('archive', 'path_traversal', 'block', `Member name is ${why}; extracting it could write outside the target folder`, entryOf(member));
}

/** A decompression-bomb finding. */
export function bombFinding(message: string, member?: MemberAt): Finding {
  return finding('archive', 'bomb', 'block', message, member === undefined ? undefined : entryOf(member));
}

/** A duplicate-name finding (a later member silently replaces an earlier one on extraction). */
export function duplicateFinding(member: MemberAt): Finding {
  return finding('archive', 'duplicate_entry', 'review', 'Two or more members share this name; extraction keeps only one of them', entryOf(member));
}

/** A member that was not inspected (unsupported method, over the memory budget, unreadable). */
export function notInspectedFinding(member: MemberAt, why: string): Finding {
  return finding('archive', 'not_inspected', 'review', `Member was not inspected: ${why}; review it by hand`, entryOf(member));
}

/** An encrypted member. */
export function encryptedFinding(member: MemberAt): Finding {
  return finding('archive', 'encrypted_entry', 'review', 'Member is encrypted and cannot be inspected', entryOf(member));
}

/** Per-member findings of one rule are capped at this many; the rest are summarised. */
export const MAX_FINDINGS_PER_RULE = 20;

/** Collects findings, keeping at most MAX_FINDINGS_PER_RULE per rule and summarising the rest. */
export class FindingList {
  private readonly list: Finding[] = [];
  private readonly counts = new Map<string, { n: number; sample: Finding }>();
  add(f: Finding | null): void {
    if (!f) return;
    const c = this.counts.get(f.rule) ?? { n: 0, sample: f };
    c.n += 1;
    this.counts.set(f.rule, c);
    if (c.n <= MAX_FINDINGS_PER_RULE) this.list.push(f);
  }
  /** Whether any finding of this rule was added. */
  has(rule: string): boolean {
    return this.counts.has(rule);
  }
  /** The findings, with one summary per rule that overflowed. */
  all(): Finding[] {
    const extra: Finding[] = [];
    for (const [, { n, sample }] of this.counts) {
      if (n <= MAX_FINDINGS_PER_RULE) continue;
      const { location: _location, ...rest } = sample;
      extra.push({ ...rest, message: `${n - MAX_FINDINGS_PER_RULE} more members like the above: ${sample.message}` });
    }
    return [...this.list, ...extra];
  }
}

/** Tracks names already seen and reports each duplicated name once. */
export class NameTracker {
  private readonly seen = new Map<string, number>();
  /** Returns a finding the second time a name is seen, nothing otherwise. */
  add(member: MemberAt): Finding | null {
    const key = member.name.replace(/\\/g, '/');
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return n === 2 ? duplicateFinding(member) : null;
  }
}

/** Thrown by `collect` when a stream yields more than its cap. */
export class CapExceeded extends CheckerReason {
  constructor(readonly cap: number) {
    super(`more than ${cap} bytes`);
  }
}

/** A node or streamx readable: iterable chunks that can be destroyed. */
export type ByteStream = AsyncIterable<unknown> & { destroy(): unknown };

/**
 * Reads a stream into memory, destroying it and throwing CapExceeded past `cap` bytes or on abort.
 * With `keep` false it only counts (returns an empty buffer).
 */
export async function collect(stream: ByteStream, cap: number, signal: AbortSignal, keep = true): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      if (signal.aborted) throw new CheckerReason('time budget exceeded');
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buf.length;
      if (total > cap) throw new CapExceeded(cap);
      if (keep) chunks.push(buf);
    }
  } finally {
    stream.destroy();
  }
  return keep ? Buffer.concat(chunks, total) : Buffer.alloc(0);
}

/** An extraction that ended early as unreadable, keeping what was found so far. */
export function unreadable(reason: string, findings: Finding[] = [], members: Extracted['members'] = []): Extracted {
  return { findings, members, unreadable: reason };
}

/** A value-free description of an error for an `unreadable` reason: decoders' messages can quote names from the file. */
export const errorText = errorReason;
