import { useLayoutEffect, type RefObject } from 'react';

function overflows(el: HTMLElement): boolean {
  if (el.scrollWidth > el.clientWidth + 1) return true;
  for (const child of el.querySelectorAll<HTMLElement>('[data-fit-watch]')) {
    if (child.scrollWidth > child.clientWidth + 1) return true;
  }
  return false;
}

/**
 * Picks the lowest `data-fit` level (0..maxLevel) at which the element's content fits;
 * CSS hides more at each level. Measuring beats media queries here: the words differ
 * by language and font, the width they need is only known once laid out.
 */
export function useFitLevel(ref: RefObject<HTMLElement | null>, maxLevel: number): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      let level = 0;
      el.dataset.fit = '0';
      while (level < maxLevel && overflows(el)) {
        level++;
        el.dataset.fit = String(level);
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  });
}
