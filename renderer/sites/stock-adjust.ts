/**
 * Validation of the stock booking form (入库 / 出库). The backend validates again; this
 * is here so an officer sees what is wrong before anything is queued: a mistyped
 * "-500" instead of "-50" goes into an outbox that may only reach the central hours later.
 */

/** One booking above this is a typing error, not an operation: the largest single
 * movement in the client's records is 114,000 N95 masks. */
export const MAX_BOOKING = 200_000;
/** What one stock row may hold (shared/domain.ts stockSchema). */
export const MAX_QUANTITY = 10_000_000;
export const MAX_REASON = 200;

export type StockAdjustInput = { itemId: string; delta: string; reason: string };
export type StockAdjustError =
  | { key: 'noItem' }
  | { key: 'empty' }
  | { key: 'notInteger' }
  | { key: 'zero' }
  | { key: 'tooLarge'; max: number }
  | { key: 'moreThanShown'; shown: number }
  | { key: 'overCapacity'; max: number }
  | { key: 'noReason' }
  | { key: 'reasonTooLong'; max: number };
export type StockAdjustResult = { ok: true; itemId: string; delta: number; reason: string } | { ok: false; error: StockAdjustError };

/**
 * Reads a signed whole number the way officers type it: full-width digits and signs
 * from a Chinese IME, the typographic minus, thousands separators and spaces.
 * Returns null for anything else (decimals, exponents, words).
 */
export function parseSignedQuantity(text: string): number | null {
  const s = text
    .normalize('NFKC') // full-width ０-９ ＋ － → ASCII
    .replace(/[\u2212\u2012\u2013]/g, '-')
    .replace(/[\s,_]/g, '');
  if (!/^[+-]?\d{1,12}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? (Object.is(n, -0) ? 0 : n) : null;
}

/** `shown`: the quantity the panel shows for the item (cache with pending bookings laid over), null when the site has no row for it. */
export function validateStockAdjust(input: StockAdjustInput, shown: number | null): StockAdjustResult {
  if (!input.itemId) return { ok: false, error: { key: 'noItem' } };
  if (input.delta.trim() === '') return { ok: false, error: { key: 'empty' } };
  const delta = parseSignedQuantity(input.delta);
  if (delta === null) return { ok: false, error: { key: 'notInteger' } };
  if (delta === 0) return { ok: false, error: { key: 'zero' } };
  if (Math.abs(delta) > MAX_BOOKING) return { ok: false, error: { key: 'tooLarge', max: MAX_BOOKING } };
  const have = shown ?? 0;
  if (delta < 0 && -delta > have) return { ok: false, error: { key: 'moreThanShown', shown: have } };
  if (have + delta > MAX_QUANTITY) return { ok: false, error: { key: 'overCapacity', max: MAX_QUANTITY } };
  const reason = input.reason.trim();
  if (reason === '') return { ok: false, error: { key: 'noReason' } };
  if (reason.length > MAX_REASON) return { ok: false, error: { key: 'reasonTooLong', max: MAX_REASON } };
  return { ok: true, itemId: input.itemId, delta, reason };
}
