import { describe, expect, it } from 'vitest';
import { numberFormat } from './number';

describe('numberFormat', () => {
  it('groups thousands in the board language and reuses one formatter per language', () => {
    expect(numberFormat('en').format(9_999_000)).toBe('9,999,000');
    expect(numberFormat('zh-CN').format(12_000)).toBe('12,000');
    expect(numberFormat('en')).toBe(numberFormat('en'));
  });
});
