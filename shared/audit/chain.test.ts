import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, centralEntryHash, verifyCentralChain } from './chain';
import type { CentralAuditEntry } from './schema';

/**
 * The central's audit chain as a console holds it: whole at the city, only its own units'
 * entries below it (multi-level command). A partial chain still proves every entry it holds
 * and every link between two it holds; the links across the entries it was never sent are
 * counted, not assumed.
 */

/** A central chain of `n` entries, entry i by user `u${i % 3}`. */
function chain(n: number): CentralAuditEntry[] {
  const out: CentralAuditEntry[] = [];
  let prev = AUDIT_GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const body = { at: 1_800_000_000_000 + seq, workstation: 'ws-1', userId: `u${seq % 3}`, username: `user${seq % 3}`, role: 'duty' as const, action: 'login' as const, target: null, outcome: 'ok' as const, detail: {}, wsSeq: seq, wsHash: 'a'.repeat(64) };
    const hash = centralEntryHash(seq, prev, body);
    out.push({ ...body, seq, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('the central’s chain, whole or a unit’s part of it', () => {
  const whole = chain(12);
  const ours = whole.filter((e) => e.userId === 'u1'); // seq 1, 4, 7, 10
  const runs = whole.filter((e) => e.userId !== 'u0'); // 1 2 · 4 5 · 7 8 · 10 11

  it('whole: every link holds; with an entry missing it is broken there', () => {
    expect(verifyCentralChain(whole)).toEqual({ ok: true, checked: 12, firstBroken: null, reason: null, gaps: 0 });
    expect(verifyCentralChain(whole.filter((e) => e.seq !== 5))).toMatchObject({ ok: false, firstBroken: 6, reason: 'entry 5 is missing' });
    // A part held as if whole (a city console missing rows) is broken, not excused.
    expect(verifyCentralChain(ours)).toMatchObject({ ok: false, firstBroken: 4 });
  });

  it('partial: every entry held is proved, the runs between are counted', () => {
    expect(verifyCentralChain(ours, undefined, true)).toEqual({ ok: true, checked: 4, firstBroken: null, reason: null, gaps: 3 });
    expect(verifyCentralChain(runs, undefined, true)).toEqual({ ok: true, checked: 8, firstBroken: null, reason: null, gaps: 3 });
    // Starting after entries of other units: that is a gap too.
    expect(verifyCentralChain(whole.filter((e) => e.seq > 3), undefined, true)).toMatchObject({ ok: true, checked: 9, gaps: 1 });
  });

  it('partial: an entry changed is still found, and so is a link broken between two entries held', () => {
    const edited = ours.map((e) => (e.seq === 7 ? { ...e, target: 'request:forged' } : e));
    expect(verifyCentralChain(edited, undefined, true)).toMatchObject({ ok: false, firstBroken: 7, reason: 'its content does not match its hash' });
    // Entry 5 (held) re-chained onto a forged predecessor: 4 → 5 are consecutive, so the link is checked.
    const relinked = runs.map((e) => (e.seq === 5 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    expect(verifyCentralChain(relinked, undefined, true)).toMatchObject({ ok: false, firstBroken: 5, reason: 'does not follow the entry before it' });
    // Out of order, or the same entry twice: never a gap.
    expect(verifyCentralChain([ours[1]!, ours[0]!], undefined, true)).toMatchObject({ ok: false, firstBroken: 1 });
    expect(verifyCentralChain([ours[0]!, ours[0]!], undefined, true)).toMatchObject({ ok: false, firstBroken: 1 });
  });
});
