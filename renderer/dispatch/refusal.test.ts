import { describe, expect, it } from 'vitest';
import { BoardError } from '../../shared/board-api';
import { readRefusal } from './refusal';

describe('dispatch refusals', () => {
  it.each([
    ['insufficient stock: qp-03 holds 37 of helmet, the plan takes 999999', { kind: 'stock', siteId: 'qp-03', itemId: 'helmet', have: 37, take: 999999 }],
    ['vehicle 粤A·4791警 is enroute, not available', { kind: 'vehicleBusy', plate: '粤A·4791警', status: 'enroute' }],
    ['vehicle 粤A·4791警 is in two runs', { kind: 'vehicleTwice', plate: '粤A·4791警' }],
    ['request is delivered', { kind: 'requestClosed', status: 'delivered' }],
    ['vehicle X is flying, not available', { kind: 'other', message: 'vehicle X is flying, not available (bad_request)' }],
    ['something else', { kind: 'other', message: 'something else (bad_request)' }],
  ])('%s', (message, refusal) => {
    expect(readRefusal(new BoardError('bad_request', message))).toEqual(refusal);
  });

  it('keeps other errors as they are', () => {
    expect(readRefusal(new Error('socket closed'))).toEqual({ kind: 'other', message: 'socket closed' });
    expect(readRefusal('x')).toEqual({ kind: 'other', message: 'x' });
  });
});
