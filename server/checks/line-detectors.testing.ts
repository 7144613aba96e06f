/** Test helpers for line detectors: run them as the engine does, and compare findings exactly. */
import { PRESETS } from './presets';
import type { CheckContext, Finding, LineDetectorFactory } from './types';

export const TEST_CHECK_CONTEXT: CheckContext = { parameters: PRESETS.acro, packageKind: 'report', signal: new AbortController().signal };

/** Runs detectors made by `factories` over the lines of one file named `name`, then their finish(). */
export function runLineDetectors(factories: LineDetectorFactory[], lines: string[], name: string): Finding[] {
  const detectors = factories.map((make) => make({ path: name, name, bytes: 0, mediaType: 'text/plain' }, TEST_CHECK_CONTEXT));
  const findings: Finding[] = [];
  lines.forEach((text, i) => {
    for (const detector of detectors) findings.push(...detector.line(text, i + 1));
  });
  for (const detector of detectors) findings.push(...(detector.finish?.() ?? []));
  return findings;
}

/** Rule, line and column of each finding, for exact comparison. */
export const findingPlaces = (findings: Finding[]) => findings.map((f) => [f.rule, f.location?.line, f.location?.column]);
