import { handoverContentHash } from '../handover';
import type { Handover } from '../schema';

/** A Shanghai wall-clock reading (UTC+8, no daylight saving) as epoch ms: '2026-12-03T19:55:00'. */
export const shanghai = (local: string): number => Date.parse(`${local}+08:00`);

/**
 * The day shift of 2026-12-03 (08:00–20:00, team 一组) handed over by 张伟 at 19:55 with this
 * draft and these notes, sealed by their hash, not yet taken over: for the document's tests.
 */
export function signedHandover(draft: string, notes: string): Handover {
  return {
    id: '2026-12-03/day',
    shiftStart: shanghai('2026-12-03T08:00:00'),
    shiftEnd: shanghai('2026-12-03T20:00:00'),
    shiftName: '白班',
    team: '一组',
    draft,
    notes,
    contentHash: handoverContentHash(draft, notes),
    outgoing: { username: 'zhangwei', displayName: '张伟', at: shanghai('2026-12-03T19:55:00') },
    incoming: null,
  };
}
