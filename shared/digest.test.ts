import { describe, expect, it } from 'vitest';
import { tableDigest } from './digest';

const s = (siteId: string, quantity: number) => ({ siteId, itemId: 'drone', quantity, safetyLevel: 1 });

describe('table digest', () => {
  it.each([
    ['equal tables in any order are equal', [s('a', 1), s('b', 2)], [s('b', 2), s('a', 1)], true],
    ['a changed value differs', [s('a', 1), s('b', 2)], [s('a', 1), s('b', 3)], false],
    ['a missing row differs', [s('a', 1), s('b', 2)], [s('a', 1)], false],
    ['a duplicated row differs (sum, not xor)', [s('a', 1)], [s('a', 1), s('a', 1), s('a', 1)], false],
    ['empty tables are equal', [], [], true],
  ])('%s', (_n, left, right, equal) => {
    const a = tableDigest('stock', left);
    const b = tableDigest('stock', right);
    expect(a.count === b.count && a.hash === b.hash).toBe(equal);
  });
});
