/**
 * Gathers what a document handler finds (findings, texts, tables, embedded members) under the
 * caps that keep one document from flooding the engine, and hands it back as `Extracted`. Every
 * location passes through here, so a part name the file chose is masked in one place (part-names.ts).
 */
import type { Extracted, Finding, FindingLocation } from '../../engine/types';
import { shownPart } from './part-names';

/** Limits on what one document may hand back. */
export const COLLECT_LIMITS = {
  maxMembers: 500,
  maxMemberBytes: 50 * 1024 * 1024,
  maxTotalMemberBytes: 128 * 1024 * 1024,
} as const;

export class Collector {
  readonly findings: Finding[] = [];
  readonly texts: { text: string; location: FindingLocation }[] = [];
  readonly tables: { rows: string[][]; location: FindingLocation }[] = [];
  readonly members: { name: string; bytes: Buffer }[] = [];
  /** Embedded members that were too many or too large to hand back. */
  skippedMembers = 0;
  private memberBytes = 0;
  private readonly memberNames = new Set<string>();

  add(...findings: Finding[]): void {
    this.findings.push(...findings.map((f) => (f.location ? { ...f, location: shown(f.location) } : f)));
  }

  /** Queues non-blank text for the line detectors. */
  text(text: string, location: FindingLocation): void {
    if (text.trim() !== '') this.texts.push({ text, location: shown(location) });
  }

  table(rows: string[][], location: FindingLocation): void {
    if (rows.length > 0) this.tables.push({ rows, location: shown(location) });
  }

  /** True when a member of `size` bytes would still fit under the caps (ask before reading it). */
  canTakeMember(size: number): boolean {
    return this.members.length < COLLECT_LIMITS.maxMembers && size <= COLLECT_LIMITS.maxMemberBytes && this.memberBytes + size <= COLLECT_LIMITS.maxTotalMemberBytes;
  }

  /** Hands an embedded file back for scanning in its own right, unless over the caps. */
  member(name: string, bytes: Buffer): boolean {
    if (this.memberNames.has(name)) return true;
    if (!this.canTakeMember(bytes.length)) {
      this.skippedMembers++;
      return false;
    }
    this.memberNames.add(name);
    this.memberBytes += bytes.length;
    this.members.push({ name, bytes });
    return true;
  }

  result(): Extracted {
    return {
      findings: this.findings,
      ...(this.texts.length ? { texts: this.texts } : {}),
      ...(this.tables.length ? { tables: this.tables } : {}),
      ...(this.members.length ? { members: this.members } : {}),
    };
  }
}

/** The location with its part name as findings may show it. */
function shown(location: FindingLocation): FindingLocation {
  return location.part === undefined ? location : { ...location, part: shownPart(location.part) };
}

/** "3 insertions", "1 deletion", or '' for zero. */
export function plural(n: number, noun: string): string {
  if (n === 0) return '';
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
