/**
 * The process environment, for entry points to hand to the CLI (the only place it is read).
 * Kept apart from config.ts so that reading it does not load the configuration schema.
 */
export function processEnvironment(): Record<string, string | undefined> {
  return process.env;
}
