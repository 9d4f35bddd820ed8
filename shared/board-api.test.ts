import { describe, expect, it } from 'vitest';
import { boardEvents, boardMethods, BoardError, clientMessageSchema, isBoardMethod, serverMessageSchema } from './board-api';

describe('board API contract', () => {
  it('validates method arguments', () => {
    expect(boardMethods['site.detail'].arg.safeParse({ siteId: 'qp-01' }).success).toBe(true);
    expect(boardMethods['site.detail'].arg.safeParse({ siteId: 42 }).success).toBe(false);
    expect(boardMethods['site.detail'].arg.safeParse({ siteId: 'qp-01', extra: true }).success).toBe(false);
    expect(boardMethods['map.tile'].arg.safeParse({ z: 14, x: 1, y: -1 }).success).toBe(false);
  });
  it('knows its methods and nothing else', () => {
    expect(isBoardMethod('board.snapshot')).toBe(true);
    expect(isBoardMethod('toString')).toBe(false);
    expect(isBoardMethod('__proto__')).toBe(false);
  });
  it('shapes wire messages', () => {
    expect(clientMessageSchema.safeParse({ kind: 'call', id: 1, method: 'link.status', arg: {} }).success).toBe(true);
    expect(clientMessageSchema.safeParse({ kind: 'call', id: -1, method: 'x', arg: {} }).success).toBe(false);
    expect(serverMessageSchema.safeParse({ kind: 'result', id: 1, ok: false, error: { code: 'not_found', message: 'x' } }).success).toBe(true);
    expect(serverMessageSchema.safeParse({ kind: 'result', id: 1, ok: false, error: { code: 'weird', message: 'x' } }).success).toBe(false);
  });
  it('serialises errors as { code, message }', () => {
    expect(JSON.parse(JSON.stringify(new BoardError('bad_request', 'no')))).toEqual({ code: 'bad_request', message: 'no' });
  });
  it('validates event payloads', () => {
    expect(boardEvents['data.changed'].safeParse({ tables: ['stock'], cursor: 5 }).success).toBe(true);
    expect(boardEvents['data.changed'].safeParse({ tables: [], cursor: 5 }).success).toBe(false);
  });
});
