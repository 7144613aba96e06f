/** Whether dist/cli was built from the source files as they are now (bin/bundle.js). */
export function bundleIsCurrent(): boolean;
