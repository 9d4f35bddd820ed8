/**
 * A keyboard-wedge scanner (a QR or RFID reader that "types") sends a code as a burst of key
 * presses, a few milliseconds apart, ending with Enter, into whatever field has the focus. A
 * person types the same characters tens of milliseconds apart or slower. The detector watches
 * every key press on the page and, when a burst ends in Enter and reads as an asset code (a QR
 * label `JB-…` or a 24-hex-digit EPC), hands the code on, and says how many characters the
 * burst put into the focused field so the caller can take them out again (the code opens the
 * asset's record; it must not end up in the request form's destination box).
 *
 * Pure: the caller feeds it key presses with their times.
 */
export const SCAN_CODE = /^(JB-[A-Z0-9]{4,24}|[0-9A-F]{24})$/;
/** Longest gap between two key presses of one scan (scanners send 1–15 ms apart; typists ≥ 40 ms). */
export const SCAN_GAP_MS = 35;
/** Shortest code a burst must carry (the shortest QR code is JB- and 4 characters). */
export const SCAN_MIN_CHARS = 7;

export type ScanKey = { key: string; at: number };
export type Scan = { code: string; chars: number };

export function createScanDetector(gapMs = SCAN_GAP_MS) {
  let buffer = '';
  let last = -Infinity;
  let first = -Infinity;
  return {
    /** One key press; a completed scan when this Enter ends one, else null. */
    key({ key, at }: ScanKey): Scan | null {
      const inBurst = at - last <= gapMs;
      if (key === 'Enter') {
        const code = buffer.toUpperCase();
        const done = inBurst && code.length >= SCAN_MIN_CHARS && SCAN_CODE.test(code) && at - first <= gapMs * (code.length + 1);
        const chars = buffer.length;
        buffer = '';
        last = at;
        return done ? { code, chars } : null;
      }
      if (key.length !== 1) {
        // Shift and friends come within a burst (an upper-case letter); anything else ends it.
        if (key !== 'Shift' && key !== 'CapsLock') buffer = '';
        return null;
      }
      if (!inBurst || buffer.length === 0) {
        buffer = '';
        first = at;
      }
      buffer += key;
      last = at;
      if (buffer.length > 64) buffer = buffer.slice(-64);
      return null;
    },
    reset() {
      buffer = '';
      last = -Infinity;
    },
  };
}
