import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, localEntryHash, verifyCentralChain } from '../../shared/audit/chain';
import type { AuditFields, CentralAuditEntry, LocalAuditEntry } from '../../shared/audit/schema';
import { openStore } from '../store';
import { tempDir } from '../test-support';
import { createAuditAppender } from './append';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function chain(workstation: string, n: number, from = 0, prev = AUDIT_GENESIS): LocalAuditEntry[] {
  const out: LocalAuditEntry[] = [];
  for (let seq = from + 1; seq <= from + n; seq++) {
    const f: AuditFields = { at: 1000 + seq, workstation, userId: 'u-1', username: 'duty01', role: 'duty', action: 'command', target: 'command:vehicle.setStatus', outcome: 'ok', detail: { n: seq } };
    const hash = localEntryHash(seq, prev, f);
    out.push({ ...f, seq, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('the central audit chain', () => {
  it('takes each workstation’s chain in order, re-chains it, and refuses an edited, missing or different entry by seq', () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const store = openStore(join(tmp.dir, 'c.sqlite'));
    cleanups.push(() => store.close());
    const audit = createAuditAppender(store);
    const a = chain('ws-a', 5);
    const b = chain('ws-b', 3);
    expect(audit.append('ws-a', a.slice(0, 3))).toMatchObject({ head: 3, accepted: 3, error: null });
    expect(audit.append('ws-b', b)).toMatchObject({ head: 3, accepted: 3, error: null });
    // Sent again (an answer lost): skipped, nothing twice.
    expect(audit.append('ws-a', a.slice(1, 5))).toMatchObject({ head: 5, accepted: 2, error: null });
    const rows = store.rows('audit').sort((x, y) => x.seq - y.seq) as CentralAuditEntry[];
    expect(rows.map((r) => `${r.workstation}:${r.wsSeq}`)).toEqual(['ws-a:1', 'ws-a:2', 'ws-a:3', 'ws-b:1', 'ws-b:2', 'ws-b:3', 'ws-a:4', 'ws-a:5']);
    expect(verifyCentralChain(rows)).toMatchObject({ ok: true, checked: 8 });

    // Edited on the workstation before upload: named at that entry, the ones before it kept.
    const more = chain('ws-b', 3, 3, b[2]!.hash);
    const edited = more.map((e) => (e.seq === 5 ? { ...e, detail: { n: 99 } } : e));
    expect(audit.append('ws-b', edited)).toMatchObject({ head: 4, accepted: 1, error: { code: 'audit_chain_broken' } });
    // A gap: one missing before it.
    expect(audit.append('ws-b', more.slice(2))).toMatchObject({ head: 4, error: { code: 'audit_gap' } });
    // Different from the copy received before.
    expect(audit.append('ws-a', [{ ...a[0]!, hash: 'f'.repeat(64) }])).toMatchObject({ error: { code: 'audit_diverged' } });
    // The central's own chain: an edited row is named at that row.
    const victim = store.rows('audit').find((r) => r.seq === 4)!;
    store.db.prepare('UPDATE audit SET row = ? WHERE seq = 4').run(JSON.stringify({ ...victim, detail: { n: 0 } }));
    expect(verifyCentralChain((store.rows('audit') as CentralAuditEntry[]).sort((x, y) => x.seq - y.seq))).toMatchObject({ ok: false, firstBroken: 4 });
  });
});
