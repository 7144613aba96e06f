/** Test helpers for line detectors: run them as the engine does, and compare findings exactly. */
import { PRESETS } from '../shared/presets';
import { LineScanner } from './text-scan';
import type { CheckContext, Finding, LineDetectorFactory } from './types';

export const TEST_CHECK_CONTEXT: CheckContext = { parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal };

/**
 * Runs detectors made by `factories` over the lines of one file named `name`, then their
 * finish(), through the engine's line scanner as one piece of text, as the engine reads a file
 * (so its prefilter and its batch path are tested with every detector test). `unfiltered` calls
 * every detector on every line instead, as a reference.
 */
export function runLineDetectors(factories: LineDetectorFactory[], lines: string[], name: string, unfiltered = false): Finding[] {
  const file = { path: name, name, bytes: 0, mediaType: 'text/plain' };
  if (!unfiltered) {
    const scanner = new LineScanner(file, TEST_CHECK_CONTEXT, undefined, undefined, factories);
    scanner.push(lines.map((line) => `${line}\n`).join(''));
    return scanner.end();
  }
  const detectors = factories.map((make) => make(file, TEST_CHECK_CONTEXT));
  const findings: Finding[] = [];
  lines.forEach((text, i) => {
    for (const detector of detectors) findings.push(...detector.line(text, i + 1));
  });
  for (const detector of detectors) findings.push(...(detector.finish?.() ?? []));
  return findings;
}

/** Rule, line and column of each finding, for exact comparison. */
export const findingPlaces = (findings: Finding[]) => findings.map((f) => [f.rule, f.location?.line, f.location?.column]);
