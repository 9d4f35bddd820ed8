/**
 * Every view that calls a board method which changes something grants it first
 * (useGrant, grant.ts), so a role that may not is shown who may instead of a refusal.
 * A view added without it fails here; the few that are gated where they are opened say
 * so below.
 */
import { describe, expect, it } from 'vitest';
import { allBoardMethods, isBoardMethod, type BoardMethod } from '../../shared/board-api';
import type { Permission } from '../../shared/permissions';

/** Reading is what every role offered the view may do; only changes are granted. */
const READS: readonly Permission[] = ['public', 'session', 'board.read', 'audit.read'];

/** Files gated where they are opened, not in themselves, and why. */
const GATED_ELSEWHERE: Record<string, string> = {
  'dispatch/RequestPanel.tsx': 'a dock panel declared with dispatch.write (app/panels.tsx): never offered without it',
  'dispatch/use-retime.ts': 'a hook of the request panel',
  'dispatch/CancelDialog.tsx': 'opened only from cancel actions that are granted (the queue, the request panel, the palette with views.dispatch)',
  'ui/export-file.ts': 'the export helper: every view that uses it grants audit.recordExport (checked below)',
};

const globbed = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx', '!../**/testing/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
/** By path below renderer/ (this folder's own files come as './x.ts'). */
const sources: Record<string, string> = Object.fromEntries(Object.entries(globbed).map(([path, src]) => [path.replace(/^\.\.\//, '').replace(/^\.\//, 'ui/'), src]));
const permissionOf = (m: BoardMethod) => allBoardMethods[m].permission;

function called(src: string): BoardMethod[] {
  return [...src.matchAll(/(?:\.call\(|sendCommand\([^'()]*?)'([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1]!).filter(isBoardMethod);
}
function granted(src: string): Permission[] {
  return [...src.matchAll(/(?:useGrant\(\)|grant)\('([a-zA-Z]+\.[a-zA-Z]+)'\)/g)].map((m) => m[1]!).filter(isBoardMethod).map(permissionOf);
}

describe('views grant what they change', () => {
  it('finds the views', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  it.each(Object.keys(sources).filter((f) => !GATED_ELSEWHERE[f]))('%s', (f) => {
    const src = sources[f]!;
    const has = new Set(granted(src));
    for (const m of called(src)) {
      const p = permissionOf(m);
      if (!READS.includes(p)) expect(has.has(p), `${f} calls ${m} (${p}) without granting it`).toBe(true);
    }
  });

  it('exempts only files that still change something', () => {
    for (const f of Object.keys(GATED_ELSEWHERE)) {
      const src = sources[f];
      expect(src, f).toBeDefined();
      expect(called(src!).some((m) => !READS.includes(permissionOf(m))), f).toBe(true);
    }
  });

  it('grants every export that is recorded', () => {
    const exporting = Object.entries(sources).filter(([f, src]) => f !== 'ui/export-file.ts' && /exportAudited\(/.test(src));
    expect(exporting.map(([f]) => f).sort()).toEqual(['assets/AssetRecord.tsx', 'assets/LabelsSection.tsx', 'dispatch/KpiPanel.tsx', 'people/AuditPanel.tsx', 'reports/ReportsPanel.tsx']);
    for (const [f, src] of exporting) {
      expect(granted(src), f).toContain('data.export');
    }
  });
});
