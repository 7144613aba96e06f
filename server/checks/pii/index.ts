import type { LineDetectorFactory } from '../types';

/** Personal identifiers in text. */
export const piiLineDetectors: LineDetectorFactory[] = [];
