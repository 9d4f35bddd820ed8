import { describe, expect, it } from 'vitest';
import { createScanDetector } from './scan-detector';

/** Key presses for a text at a fixed gap, then Enter. */
const keys = (text: string, gapMs: number, start = 1000) => [...[...text].map((key, i) => ({ key, at: start + i * gapMs })), { key: 'Enter', at: start + text.length * gapMs }];
const feed = (d: ReturnType<typeof createScanDetector>, ks: { key: string; at: number }[]) => ks.map((k) => d.key(k)).filter((x) => x !== null);

describe('a keyboard-wedge scan', () => {
  it.each([
    ['a QR label', 'JB-A0001234', 'JB-A0001234'],
    ['an EPC', 'e28011606000020a3b4c5d6e', 'E28011606000020A3B4C5D6E'],
  ])('is told from typing: %s sent 5 ms apart ending in Enter', (_what, text, code) => {
    expect(feed(createScanDetector(), keys(text, 5))).toEqual([{ code, chars: text.length }]);
  });

  it('a person typing the same code (80 ms apart) is not a scan', () => {
    expect(feed(createScanDetector(), keys('JB-A0001234', 80))).toEqual([]);
  });

  it('a fast burst that is no asset code is not a scan (a destination typed by a fast typist, a pasted word)', () => {
    expect(feed(createScanDetector(), keys('helmets', 5))).toEqual([]);
    expect(feed(createScanDetector(), keys('JB-1', 5))).toEqual([]);
  });

  it('a scan right after typing counts only its own characters', () => {
    const d = createScanDetector();
    const typed = [...'abc'].map((key, i) => ({ key, at: 100 + i * 120 }));
    expect(feed(d, [...typed, ...keys('JB-B0000042', 4, 2000)])).toEqual([{ code: 'JB-B0000042', chars: 11 }]);
  });

  it('Shift inside a burst (upper case) does not break it; an arrow key does', () => {
    const d = createScanDetector();
    const ks = keys('JB-C0000007', 5);
    ks.splice(3, 0, { key: 'Shift', at: ks[2]!.at + 1 });
    expect(feed(d, ks)).toEqual([{ code: 'JB-C0000007', chars: 11 }]);
    const e = createScanDetector();
    const broken = keys('JB-C0000007', 5);
    broken.splice(5, 0, { key: 'ArrowLeft', at: broken[4]!.at + 1 });
    expect(feed(e, broken)).toEqual([]);
  });
});
