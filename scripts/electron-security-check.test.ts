import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../electron/backend/test-support';
import { readAllowed, review, type Finding, type ScanResult } from './electron-security-check';

/**
 * Electronegativity on the shell, in a child process (it sets globals and patches
 * require): offline, about a second. No HIGH or MEDIUM finding without a written reason.
 */
const root = join(import.meta.dirname, '..');
const check = (...args: string[]): ScanResult =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/electron-security-check.ts', '--json', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })) as ScanResult;

const tmp = tempDir('jb-eneg-fixture-');
afterAll(() => tmp.remove());

describe('Electronegativity on electron/main, electron/preload and the page', () => {
  it('finds nothing HIGH or MEDIUM without a reviewed reason, and every reason still has its finding', () => {
    const result = check();
    expect(result.checks).toBeGreaterThan(30);
    expect(review(result.findings, readAllowed())).toEqual([]);
    // What the reviewed list explains today; a new kind of finding shows up here by name.
    expect(result.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM').map((f) => `${f.id} ${f.file}`)).toEqual(['PRELOAD_JS_CHECK electron/main/window.ts']);
  });

  it('does catch an insecure window: the check is alive, and the review refuses it', () => {
    const dir = join(tmp.dir, 'insecure');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'window.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'export const open = () => new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true } });',
        '',
      ].join('\n'),
    );
    const { findings } = check('--input', dir);
    const ids = findings.map((f) => `${f.severity} ${f.id}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'HIGH CONTEXT_ISOLATION_JS_CHECK',
        'MEDIUM SANDBOX_JS_CHECK',
        'MEDIUM AUXCLICK_JS_CHECK',
        'MEDIUM PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
        'HIGH LIMIT_NAVIGATION_GLOBAL_CHECK',
        'MEDIUM CSP_GLOBAL_CHECK',
      ]),
    );
    expect(review(findings, readAllowed()).length).toBeGreaterThanOrEqual(6);
  });
});

describe('the review of findings', () => {
  const finding = (id: string, severity: Finding['severity'], file = 'electron/main/window.ts'): Finding => ({ id, severity, confidence: 'FIRM', file, line: 1, description: 'd', manualReview: false });
  const reason = 'A reason long enough to say why this finding is not a hole in the shell.';

  it('asks a reason of HIGH and MEDIUM findings only, matched by check and file', () => {
    expect(review([finding('A', 'LOW'), finding('B', 'INFORMATIONAL')], [])).toEqual([]);
    expect(review([finding('A', 'HIGH')], [])).toHaveLength(1);
    expect(review([finding('A', 'MEDIUM')], [{ id: 'A', file: 'electron/main/other.ts', reason }])).toHaveLength(2);
    expect(review([finding('A', 'MEDIUM')], [{ id: 'A', file: 'electron/main/window.ts', reason }])).toEqual([]);
  });

  it('refuses an empty reason and a reason whose finding is gone', () => {
    expect(review([finding('A', 'HIGH')], [{ id: 'A', file: 'electron/main/window.ts', reason: 'ok' }])).toEqual([expect.stringContaining('too short')]);
    expect(review([], [{ id: 'A', file: 'electron/main/window.ts', reason }])).toEqual([expect.stringContaining('no longer found')]);
  });
});
