import type { LineDetectorFactory } from '../types';

/** Credentials, keys and tokens in text. */
export const secretsLineDetectors: LineDetectorFactory[] = [];
