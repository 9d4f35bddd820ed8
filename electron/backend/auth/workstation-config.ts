import { readFileSync, statSync } from 'node:fs';
import { DEMO_WORKSTATION, type WorkstationCredential } from '../../../shared/auth/workstation';

/** Why a workstation has no usable credential: said once at start, and the board does not start. */
export class WorkstationConfigError extends Error {}

/**
 * This workstation's credential for the central, as the administrator configured it:
 * JINGBAO_WORKSTATION_ID and JINGBAO_WORKSTATION_SECRET_FILE (a file only its owner can
 * read: the secret never sits in the environment). The demo credential only in the demo
 * (`demo`), where neither is set; everywhere else a missing credential stops the start.
 * The browser host and the Electron app's backend both read it here.
 */
export function workstationFromEnv(env: NodeJS.ProcessEnv, opts: { demo: boolean }): WorkstationCredential {
  const id = env.JINGBAO_WORKSTATION_ID;
  const file = env.JINGBAO_WORKSTATION_SECRET_FILE;
  if (id && file) {
    let mode: number;
    let secret: string;
    try {
      mode = statSync(file).mode & 0o777;
      secret = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new WorkstationConfigError(`JINGBAO_WORKSTATION_SECRET_FILE ${file} cannot be read: ${(e as Error).message}`);
    }
    if (process.platform !== 'win32' && mode & 0o077) throw new WorkstationConfigError(`${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
    if (!/^[\x21-\x7e]{16,512}$/.test(secret)) throw new WorkstationConfigError(`${file} does not hold a workstation secret (16 to 512 printable characters, no spaces)`);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new WorkstationConfigError(`JINGBAO_WORKSTATION_ID '${id.slice(0, 64)}' is not a workstation id (letters, digits, . _ -)`);
    return { id, secret };
  }
  if (id || file) throw new WorkstationConfigError('set both JINGBAO_WORKSTATION_ID and JINGBAO_WORKSTATION_SECRET_FILE, or neither (the demo only)');
  if (opts.demo) return DEMO_WORKSTATION;
  throw new WorkstationConfigError('this workstation has no credential for the central: set JINGBAO_WORKSTATION_ID and JINGBAO_WORKSTATION_SECRET_FILE (README, "Workstation credentials")');
}
