/** Wires the CLI to the real process and the real server. */
import { processIo, runCli } from '../cli/program';
import { cliRoot } from './cli-root';
import type { Config } from '../config/config';
import { serveBanner } from './serve-banner';
import { processEnvironment } from '../config/environment';

async function serve(config: Config, options: { demo: boolean }): Promise<number> {
  const { startServer } = await import('./web');
  const server = await startServer(config, options);
  const lines = serveBanner(server, config, options.demo);
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

export function main(argv: string[]): Promise<number> {
  return runCli(argv, processIo, cliRoot(serve), processEnvironment());
}
