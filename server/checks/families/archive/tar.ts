/**
 * Tar reading with tar-stream from a buffer. Pass 1 walks the headers only (names, link targets,
 * sizes, count) and skips all data; pass 2 collects file data only when pass 1 found no bomb.
 */
import tar, { type Header } from 'tar-stream';
import { CheckerReason } from '../../shared/error-reason';
import type { CheckContext, Extracted, Member } from '../../engine/types';
import { bombFinding, collect, errorText, FindingList, limitsFor, NameTracker, notInspectedFinding, traversalFinding, unreadable, unsafeLinkTarget, unsafeMemberName } from './limits';

const BLOCK = 512;

/** Whether a buffer starts with a tar header whose checksum is right (works for v7, ustar and GNU tars). */
export function looksLikeTar(buf: Buffer): boolean {
  if (buf.length < BLOCK) return false;
  const stored = parseInt(buf.subarray(148, 156).toString('latin1').replace(/[\0 ]/g, ''), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (buf[i] ?? 0);
  return sum === stored;
}

/**
 * Walks the entries of a tar buffer. `visit` returns a byte cap to collect the entry's data with,
 * or null to skip it; it may return false to stop the walk early.
 */
async function walk(buf: Buffer, signal: AbortSignal, visit: (h: Header) => number | null | false, onData: (h: Header, data: Buffer) => void): Promise<void> {
  // tar-stream's option (untyped): accept v7 tars without the ustar magic; checksums still apply.
  const options: object = { allowUnknownFormat: true };
  const extract = tar.extract(options);
  extract.end(buf);
  try {
    for await (const entry of extract) {
      if (signal.aborted) throw new CheckerReason('time budget exceeded');
      const cap = visit(entry.header);
      if (cap === false) break;
      if (cap === null) entry.resume();
      else onData(entry.header, await collect(entry, cap, signal));
    }
  } finally {
    extract.destroy();
  }
}

const isFile = (h: Header) => !h.type || h.type === 'file' || h.type === 'contiguous-file';

/** Opens a tar held in memory; never throws. */
export async function extractTar(bytes: Buffer, ctx: CheckContext): Promise<Extracted> {
  const limits = limitsFor(ctx);
  const out = new FindingList();
  const names = new NameTracker();
  let count = 0;
  let declared = 0;
  try {
    await walk(
      bytes,
      ctx.signal,
      (h) => {
        count += 1;
        if (count > limits.maxEntries) {
          out.add(bombFinding(`Archive holds more than ${limits.maxEntries} members`));
          return false;
        }
        const member = { position: count, name: h.name };
        const why = unsafeMemberName(h.name);
        if (why) out.add(traversalFinding(member, why));
        if (h.type === 'symlink' && h.linkname) {
          const linkWhy = unsafeLinkTarget(h.name, h.linkname);
          if (linkWhy) out.add(traversalFinding(member, linkWhy));
        }
        if (h.type === 'link' && h.linkname) {
          const linkWhy = unsafeMemberName(h.linkname);
          if (linkWhy) out.add(traversalFinding(member, `a hard link to ${linkWhy}`));
        }
        out.add(names.add(member));
        declared += h.size ?? 0;
        return null;
      },
      () => undefined,
    );
  } catch (err) {
    return unreadable(`corrupt or truncated tar: ${errorText(err)}`, out.all());
  }
  if (declared > limits.maxTotal) out.add(bombFinding(`Members declare ${declared} bytes in total, over the limit of ${limits.maxTotal}`));
  if (out.has('archive.bomb')) return { findings: out.all(), members: [] };

  const members: Member[] = [];
  let held = 0;
  // Positions count every header, as pass 1 did, so a member's findings and its entry agree.
  let position = 0;
  try {
    await walk(
      bytes,
      ctx.signal,
      (h) => {
        position += 1;
        if (!isFile(h)) return null;
        const size = h.size ?? 0;
        if (held + size > limits.memory) {
          out.add(notInspectedFinding({ position, name: h.name }, 'the archive members exceed the in-memory budget'));
          return null;
        }
        held += size;
        return size;
      },
      (h, data) => members.push({ name: h.name, bytes: data, position }),
    );
  } catch (err) {
    return unreadable(`corrupt or truncated tar: ${errorText(err)}`, out.all(), members);
  }
  return { findings: out.all(), members };
}
