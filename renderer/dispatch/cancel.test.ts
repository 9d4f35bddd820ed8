import { describe, expect, it } from 'vitest';
import { canCancelDispatch, canCancelRequest, cancelTarget, checkCancelReason, MAX_CANCEL_REASON } from './cancel';

describe('cancelling', () => {
  it('needs a reason, trimmed, within the API’s 200 characters', () => {
    expect(checkCancelReason('  现场已自行解决 ')).toEqual({ ok: true, reason: '现场已自行解决' });
    expect(checkCancelReason('   ')).toEqual({ ok: false, key: 'noReason' });
    expect(checkCancelReason('因'.repeat(MAX_CANCEL_REASON))).toMatchObject({ ok: true });
    expect(checkCancelReason('因'.repeat(MAX_CANCEL_REASON + 1))).toEqual({ ok: false, key: 'reasonTooLong', max: 200 });
  });

  it('offers a request until it is delivered or cancelled, a dispatch order while it is on its way', () => {
    expect(['open', 'dispatched', 'delivered', 'cancelled'].map((status) => canCancelRequest({ status: status as 'open' }))).toEqual([true, true, false, false]);
    expect(['enroute', 'delivered', 'cancelled'].map((status) => canCancelDispatch({ status: status as 'enroute' }))).toEqual([true, false, false]);
  });

  it('marks what it touches the way the backend names pending targets', () => {
    expect(cancelTarget({ kind: 'request', requestId: 'r1' })).toBe('request:r1');
    expect(cancelTarget({ kind: 'dispatch', dispatchId: 'd1' })).toBe('dispatch:d1');
  });
});
