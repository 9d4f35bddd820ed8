import { useEffect, useRef } from 'react';
import { withoutScanned } from './asset-view';
import { createScanDetector } from './scan-detector';

/** Marks the scan field: it looks its own Enter up, so the page-wide listener leaves it be. */
export const SCAN_FIELD_ATTR = 'data-scan-field';

/**
 * A keyboard-wedge scan anywhere on the page (scan-detector.ts): every key press is fed to
 * the detector, and a completed scan is handed to `onScan` with the characters it typed into
 * the focused field taken out again, and its Enter swallowed (it must not submit the form it
 * landed in). Installed by the shell for roles that read the board.
 */
export function useScanListener(onScan: (code: string) => void, enabled: boolean): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const detector = createScanDetector();
    const onKey = (e: KeyboardEvent) => {
      // Auto-repeat and chords (Ctrl+K) are no scanner's keys.
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) {
        detector.reset();
        return;
      }
      const scan = detector.key({ key: e.key, at: e.timeStamp });
      if (!scan) return;
      const target = e.target;
      if (target instanceof HTMLElement && target.hasAttribute(SCAN_FIELD_ATTR)) return;
      e.preventDefault();
      e.stopPropagation();
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) takeOut(target, scan.chars);
      onScanRef.current(scan.code);
    };
    // Capture: seen before any field's own Enter handling.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}

/**
 * Takes the scanned characters out of a field through the value's native setter and an
 * input event, so a React-controlled field's state follows (a plain assignment would be
 * undone by React on its next render).
 */
function takeOut(field: HTMLInputElement | HTMLTextAreaElement, chars: number): void {
  let caret: number;
  try {
    caret = field.selectionStart ?? field.value.length;
  } catch {
    // Fields without a caret (number, email) throw on selectionStart: the scan went to their end.
    caret = field.value.length;
  }
  const next = withoutScanned(field.value, caret, chars);
  if (next.value === field.value) return;
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, next.value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    field.setSelectionRange(next.caret, next.caret);
  } catch {
    // No caret to place.
  }
}
