import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSTATION } from '../../../shared/auth/workstation';
import { tempDir } from '../test-support';
import { WorkstationConfigError, workstationFromEnv } from './workstation-config';

const tmp = tempDir('jb-ws-config-');
afterAll(() => tmp.remove());
const secretFile = (name: string, text: string, mode: number) => {
  const f = join(tmp.dir, name);
  writeFileSync(f, text);
  chmodSync(f, mode);
  return f;
};

describe('the workstation credential from the environment', () => {
  it('reads the id and the secret file (trimmed)', () => {
    const f = secretFile('ok', 'a-secret-of-thirty-two-characters\n', 0o600);
    expect(workstationFromEnv({ JINGBAO_WORKSTATION_ID: 'ws-hall-1', JINGBAO_WORKSTATION_SECRET_FILE: f }, { demo: false })).toEqual({ id: 'ws-hall-1', secret: 'a-secret-of-thirty-two-characters' });
  });

  it('falls back to the demo credential in the demo only', () => {
    expect(workstationFromEnv({}, { demo: true })).toBe(DEMO_WORKSTATION);
    expect(() => workstationFromEnv({}, { demo: false })).toThrow(/no credential for the central/);
  });

  it.skipIf(process.platform === 'win32')('refuses a secret file others can read', () => {
    const f = secretFile('open', 'a-secret-of-thirty-two-characters', 0o644);
    expect(() => workstationFromEnv({ JINGBAO_WORKSTATION_ID: 'ws-1', JINGBAO_WORKSTATION_SECRET_FILE: f }, { demo: false })).toThrow(/readable by others \(mode 644\)/);
  });

  it('refuses half a configuration, a missing file, a short secret and an id that would break the header', () => {
    const f = secretFile('short', 'short', 0o600);
    const good = secretFile('good', 'x'.repeat(20), 0o600);
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        workstationFromEnv(env, { demo: true });
      } catch (e) {
        expect(e).toBeInstanceOf(WorkstationConfigError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    // Even in the demo: a half-set credential is a mistake, not a request for the demo's.
    expect(refused({ JINGBAO_WORKSTATION_ID: 'ws-1' })).toMatch(/both/);
    expect(refused({ JINGBAO_WORKSTATION_ID: 'ws-1', JINGBAO_WORKSTATION_SECRET_FILE: join(tmp.dir, 'none') })).toMatch(/cannot be read/);
    expect(refused({ JINGBAO_WORKSTATION_ID: 'ws-1', JINGBAO_WORKSTATION_SECRET_FILE: f })).toMatch(/does not hold a workstation secret/);
    expect(refused({ JINGBAO_WORKSTATION_ID: 'ws:1', JINGBAO_WORKSTATION_SECRET_FILE: good })).toMatch(/not a workstation id/);
  });
});
