import { createLogger } from '../electron/backend/log';
import { startStack } from './own-stack';

/**
 * One real stack for the browser tests: the central reference server with the demo
 * city, the backend with a fresh cache, and the browser host serving the built
 * renderer. URLs reach the tests through the environment.
 */
export default async function globalSetup() {
  const token = 'e2e-token-' + Math.random().toString(36).slice(2);
  const stack = await startStack('shared', { token, log: createLogger(undefined, 'warn') });
  process.env.JB_BOARD_URL = stack.host.boardUrl;
  process.env.JB_WALL_URL = stack.host.wallUrl;
  process.env.JB_HOST_URL = stack.host.url;
  process.env.JB_CENTRAL_URL = stack.central.url;
  return () => stack.close();
}
