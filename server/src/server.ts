import { loadEnv } from './config';
import { listenEarly } from './ops/early-listen';

/**
 * The process: config → bind the port → load and start the rest (`start.ts`). The port is bound before the
 * app's modules are loaded, so connections made during a restart wait for the app instead of being refused.
 */
async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const early = await listenEarly(env.PORT, env.HOST);
  const { start } = await import('./start');
  await start(env, early);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
