import { useLayoutEffect, type RefObject } from 'react';

function overflows(el: HTMLElement): boolean {
  if (el.scrollWidth > el.clientWidth + 1) return true;
  for (const child of el.querySelectorAll<HTMLElement>('[data-fit-watch]')) {
    if (child.scrollWidth > child.clientWidth + 1) return true;
  }
  return false;
}

/** "1 2 3" at level 3: CSS reads "this level or beyond" as `[data-fit-steps~='2']`. */
export function fitSteps(level: number): string {
  return Array.from({ length: level }, (_, i) => String(i + 1)).join(' ');
}

/**
 * Picks the lowest `data-fit` level (0..maxLevel) at which the element's content fits;
 * CSS hides or folds more at each level, each rule once with `[data-fit-steps~='N']`.
 * Measuring beats media queries here: the words differ by language and font, the width
 * they need is only known once laid out.
 */
export function useFitLevel(ref: RefObject<HTMLElement | null>, maxLevel: number): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = (level: number) => {
      el.dataset.fit = String(level);
      el.dataset.fitSteps = fitSteps(level);
    };
    const fit = () => {
      let level = 0;
      set(0);
      while (level < maxLevel && overflows(el)) set(++level);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  });
}
