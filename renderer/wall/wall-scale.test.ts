import { describe, expect, it } from 'vitest';
import { wallScale } from './wall-scale';

describe('wall scale', () => {
  it.each([
    [1920, 1080, 1],
    [3840, 2160, 2],
    [5760, 2160, 2],
    [1920, 2160, 1],
    [1280, 720, 0.667],
    [100, 100, 0.5],
    [0, 0, 1],
  ])('%d×%d draws at %d×', (w, h, s) => {
    expect(wallScale(w, h)).toBe(s);
  });
});
