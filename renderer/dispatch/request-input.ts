import type { RequestClass } from '../../shared/duty/schema';
import type { AlertLevel, ItemType } from '../../shared/domain';

/**
 * Checks of the supply request form (物资需求). The backend validates again; these are
 * here so the officer sees what is wrong in the form, before anything is queued: a
 * request typed offline may only reach the central hours later.
 */

/**
 * One line above this is a typing error, not a request: the largest single movement in
 * the client's records is 114,000 N95 masks (the API's own cap is 1,000,000).
 */
export const MAX_LINE_QUANTITY = 200_000;
export const MAX_REQUEST_ROWS = 50;
export const DEFAULT_DEADLINE_MIN = 30;
export const MAX_DEADLINE_MIN = 1440;
export const MAX_REQUESTER = 100;
export const MAX_NOTE = 500;
export const MAX_LABEL = 200;

export type Destination = {
  lon: number;
  lat: number;
  label: string;
  /** How it was chosen, for the field's hint. */
  source: 'site' | 'street' | 'place' | 'map' | 'coords';
  siteId?: string;
};

export type ItemRow = {
  /** What the officer typed in the item field. */
  text: string;
  /** The item chosen from the suggestions (or resolved from the text); null while unresolved. */
  itemId: string | null;
  quantity: string;
};

export type RequestInput = {
  destination: Destination | null;
  rows: readonly ItemRow[];
  priority: AlertLevel;
  requester: string;
  note: string;
  deadline: string;
  /** 应急物资 (default) / 群众求助 / 常规: the deadline the form starts from. */
  requestClass?: RequestClass;
};

export type FieldError =
  | { field: 'destination'; key: 'noDestination' }
  | { field: 'items'; key: 'noItems' | 'tooManyRows' }
  | { field: `item-${number}`; key: 'unknownItem'; text: string }
  | { field: `qty-${number}`; key: 'qtyEmpty' | 'qtyNotInteger' | 'qtyNotPositive' }
  | { field: `qty-${number}`; key: 'qtyTooLarge'; max: number }
  | { field: 'deadline'; key: 'deadlineInvalid'; max: number }
  | { field: 'requester'; key: 'requesterTooLong'; max: number }
  | { field: 'note'; key: 'noteTooLong'; max: number };

export type ValidRequest = {
  destination: { lon: number; lat: number; label: string };
  items: { itemId: string; quantity: number }[];
  priority: AlertLevel;
  requester: string;
  note: string;
  class: RequestClass;
  deadlineMinutes: number;
};

export type RequestCheck = { ok: true; value: ValidRequest } | { ok: false; errors: FieldError[] };

/** Full-width digits from a Chinese IME, thousands separators and spaces read as typed. */
function normalizeNumber(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013]/g, '-')
    .replace(/[\s,_，]/g, '');
}

export type ParsedQuantity = { kind: 'int'; value: number } | { kind: 'decimal' } | { kind: 'empty' } | { kind: 'nan' };

/** Reads a quantity: an integer (any sign, so "-5" can be refused as negative rather than as garbage). */
export function parseQuantity(text: string): ParsedQuantity {
  const s = normalizeNumber(text);
  if (s === '') return { kind: 'empty' };
  if (/^[+-]?\d{1,12}$/.test(s)) {
    const n = Number(s);
    return { kind: 'int', value: Object.is(n, -0) ? 0 : n };
  }
  if (/^[+-]?(\d+\.\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) || /^[+-]?\d+e[+-]?\d+$/i.test(s)) return { kind: 'decimal' };
  return { kind: 'nan' };
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Items matching what is typed, best first: exact name (either language) or id, then
 * names that start with it, then names that contain it.
 */
export function matchItems(items: readonly ItemType[], text: string, limit = 8): ItemType[] {
  const q = fold(text);
  if (!q) return items.slice(0, limit);
  const scored: { item: ItemType; score: number }[] = [];
  for (const item of items) {
    const names = [item.name, item.nameEn, item.id].map(fold);
    let score = 0;
    if (names.some((n) => n === q)) score = 3;
    else if (names.some((n) => n.startsWith(q))) score = 2;
    else if (names.some((n) => n.includes(q))) score = 1;
    if (score > 0) scored.push({ item, score });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, limit).map((s) => s.item);
}

/** The item a row stands for: the one chosen, else the only exact match of its text. */
export function resolveItem(items: readonly ItemType[], row: Pick<ItemRow, 'text' | 'itemId'>): ItemType | null {
  if (row.itemId) {
    const chosen = items.find((i) => i.id === row.itemId);
    if (chosen) return chosen;
  }
  const q = fold(row.text);
  if (!q) return null;
  const exact = items.filter((i) => [i.name, i.nameEn, i.id].some((n) => fold(n) === q));
  return exact.length === 1 ? exact[0]! : null;
}

const isBlankRow = (r: ItemRow) => r.text.trim() === '' && r.quantity.trim() === '' && !r.itemId;

/** Every problem at once (each field shows its own), or the request ready for the board API. */
export function validateRequest(input: RequestInput, items: readonly ItemType[]): RequestCheck {
  const errors: FieldError[] = [];
  if (!input.destination) errors.push({ field: 'destination', key: 'noDestination' });

  const lines = new Map<string, number>();
  let used = 0;
  input.rows.forEach((row, n) => {
    // A row left empty is a row not used, not an error (keyboard users add one too many).
    if (isBlankRow(row)) return;
    used++;
    const item = resolveItem(items, row);
    if (!item) errors.push({ field: `item-${n}`, key: 'unknownItem', text: row.text.trim() });
    const q = parseQuantity(row.quantity);
    if (q.kind === 'empty') errors.push({ field: `qty-${n}`, key: 'qtyEmpty' });
    else if (q.kind !== 'int') errors.push({ field: `qty-${n}`, key: 'qtyNotInteger' });
    else if (q.value <= 0) errors.push({ field: `qty-${n}`, key: 'qtyNotPositive' });
    else if (q.value > MAX_LINE_QUANTITY) errors.push({ field: `qty-${n}`, key: 'qtyTooLarge', max: MAX_LINE_QUANTITY });
    else if (item) lines.set(item.id, (lines.get(item.id) ?? 0) + q.value);
  });
  if (used === 0) errors.push({ field: 'items', key: 'noItems' });
  if (used > MAX_REQUEST_ROWS) errors.push({ field: 'items', key: 'tooManyRows' });
  // The same item on two rows is one line: the officer typed it twice, the vehicle carries the sum.
  for (const [itemId, quantity] of lines) {
    if (quantity > MAX_LINE_QUANTITY) {
      const n = input.rows.findIndex((r) => resolveItem(items, r)?.id === itemId);
      errors.push({ field: `qty-${n}`, key: 'qtyTooLarge', max: MAX_LINE_QUANTITY });
    }
  }

  const deadlineText = normalizeNumber(input.deadline);
  const deadline = deadlineText === '' ? DEFAULT_DEADLINE_MIN : parseQuantity(deadlineText);
  let deadlineMinutes = DEFAULT_DEADLINE_MIN;
  if (typeof deadline !== 'number') {
    if (deadline.kind !== 'int' || deadline.value < 1 || deadline.value > MAX_DEADLINE_MIN) errors.push({ field: 'deadline', key: 'deadlineInvalid', max: MAX_DEADLINE_MIN });
    else deadlineMinutes = deadline.value;
  }
  const requester = input.requester.trim();
  if (requester.length > MAX_REQUESTER) errors.push({ field: 'requester', key: 'requesterTooLong', max: MAX_REQUESTER });
  const note = input.note.trim();
  if (note.length > MAX_NOTE) errors.push({ field: 'note', key: 'noteTooLong', max: MAX_NOTE });

  if (errors.length > 0 || !input.destination) return { ok: false, errors };
  const d = input.destination;
  return {
    ok: true,
    value: {
      destination: { lon: d.lon, lat: d.lat, label: d.label.slice(0, MAX_LABEL) },
      items: [...lines].map(([itemId, quantity]) => ({ itemId, quantity })),
      priority: input.priority,
      requester,
      note,
      class: input.requestClass ?? 'emergency',
      deadlineMinutes,
    },
  };
}

/** [west, south, east, north] */
export type Bounds = readonly [number, number, number, number];

export type ParsedCoordinates = { lon: number; lat: number } | { invalid: true } | null;

/**
 * "11.974, 57.709" as a destination. Officers copy coordinates from radio reports in
 * either order; when only one order falls inside the city it is that one, else lon,lat
 * (经度,纬度, the order PGIS shows). Not a coordinate pair at all → null (a place name).
 */
export function parseCoordinates(text: string, bounds: Bounds): ParsedCoordinates {
  const s = text.normalize('NFKC').trim();
  const m = /^(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const inside = (lon: number, lat: number) => lon >= bounds[0] && lon <= bounds[2] && lat >= bounds[1] && lat <= bounds[3];
  const valid = (lon: number, lat: number) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
  if (inside(a, b)) return { lon: a, lat: b };
  if (inside(b, a)) return { lon: b, lat: a };
  if (valid(a, b)) return { lon: a, lat: b };
  return { invalid: true };
}
