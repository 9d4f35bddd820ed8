import { describe, expect, it } from 'vitest';
import { changesPageSchema, commandSchema, liveMessageSchema } from './central-api';

const C = '0123456789abcdef';

const site = { id: 'depot-central', kind: 'central', name: '中心物资库', nameEn: 'Central depot', address: 'Avenyn', lon: 11.97, lat: 57.7 };
const change = (seq: number) => ({ seq, table: 'site', op: 'upsert', key: 'depot-central', row: site });

describe('change feed page', () => {
  it('accepts an ordered page whose cursor is the last seq', () => {
    expect(changesPageSchema.safeParse({ changes: [change(1), change(2)], cursor: 2, chain: C, hasMore: false }).success).toBe(true);
    expect(changesPageSchema.safeParse({ changes: [], cursor: 9, chain: C, hasMore: false }).success).toBe(true);
  });
  it.each([
    ['out of order', { changes: [change(2), change(1)], cursor: 1, chain: C, hasMore: false }],
    ['cursor not the last seq', { changes: [change(1)], cursor: 5, chain: C, hasMore: false }],
    ['unknown table', { changes: [{ ...change(1), table: 'weapons' }], cursor: 1, chain: C, hasMore: false }],
    ['unknown enum value', { changes: [{ ...change(1), row: { ...site, kind: 'secret' } }], cursor: 1, chain: C, hasMore: false }],
    ['wrong type', { changes: [{ ...change(1), row: { ...site, lon: '11.9' } }], cursor: 1, chain: C, hasMore: false }],
    ['extra field', { changes: [{ ...change(1), row: { ...site, extra: 1 } }], cursor: 1, chain: C, hasMore: false }],
    ['huge array', { changes: Array.from({ length: 1001 }, (_, i) => change(i + 1)), cursor: 1001, chain: C, hasMore: true }],
    ['missing hasMore', { changes: [], cursor: 0, chain: C }],
    ['missing chain', { changes: [], cursor: 0, hasMore: false }],
  ])('rejects %s', (_n, page) => {
    expect(changesPageSchema.safeParse(page).success).toBe(false);
  });
  it('keeps script in strings as plain text (rendered as text, never as HTML)', () => {
    const r = changesPageSchema.parse({ changes: [{ ...change(1), row: { ...site, name: '<script>alert(1)</script>' } }], cursor: 1, chain: C, hasMore: false });
    expect(r.changes[0]!.row).toMatchObject({ name: '<script>alert(1)</script>' });
  });
});

describe('live messages and commands', () => {
  it('parses known live messages and refuses unknown types', () => {
    expect(liveMessageSchema.safeParse({ type: 'changed', cursor: 3 }).success).toBe(true);
    expect(liveMessageSchema.safeParse({ type: 'selfdestruct' }).success).toBe(false);
  });
  it('requires a uuid idempotency key on commands', () => {
    const cmd = { id: '2f1c7e0a-8a6b-4c1e-9d2a-0b7c1e5f9a11', type: 'vehicle.setStatus', issuedAt: 1, payload: { vehicleId: 'veh-001', status: 'maintenance' } };
    expect(commandSchema.safeParse(cmd).success).toBe(true);
    expect(commandSchema.safeParse({ ...cmd, id: 'not-a-uuid' }).success).toBe(false);
  });
});
