import { describe, expect, it } from 'vitest';
import { fitSteps } from './use-fit-level';

describe('fit levels', () => {
  it('lists every level reached, so CSS reads "this level or beyond" with ~=', () => {
    expect(fitSteps(0)).toBe('');
    expect(fitSteps(1)).toBe('1');
    expect(fitSteps(5)).toBe('1 2 3 4 5');
    expect(fitSteps(7).split(' ')).toContain('5');
  });
});
