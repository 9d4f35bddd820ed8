import { statusCode, VEHICLE_STATUSES, type Position, type Vehicle } from '../../shared/domain';
import { isValidPositionRecord, POSITIONS_HEADER_BYTES, POSITIONS_RECORD_BYTES } from '../../shared/positions-codec';
import { VEHICLE_STATUS_COLORS } from '../../shared/palette';
import { POSITION_STALE_MS } from '../../shared/vehicle-style';
import { checkFrame, type CheckedPositionsFrame } from '../api/positions-frame';
import { neighbourFaded } from './site-style';

/**
 * Vehicle positions as typed arrays that deck.gl uploads as binary attributes.
 * One slot per vehicleNo, assigned on its first position; slots are never reused, so an
 * index picked on the map always names the same vehicle. Updates write in place and
 * allocate nothing per vehicle: at 10,000 vehicles a second this is the hot path.
 */
export type VehicleBuffers = {
  capacity: number;
  /** Slots in use; deck draws [0, length). */
  length: number;
  /** Bumped on every change; deck layers key their attribute updates on it. */
  version: number;
  /** [lon, lat] × capacity. */
  positions: Float32Array;
  /** deck.gl angle (degrees counter-clockwise) = -heading. */
  angles: Float32Array;
  speeds: Float32Array;
  /** RGBA × capacity, from status and staleness. */
  colors: Uint8Array;
  /** Index in VEHICLE_STATUSES per slot (UNKNOWN_STATUS when not known): picks the symbol. */
  statusCodes: Uint8Array;
  /** Bumped when statuses change (the symbols are re-read then, not on every position). */
  statusVersion: number;
  /** Epoch ms of each slot's last report. */
  reportedAt: Float64Array;
  /** 1 where the slot is drawn faded as stale. */
  stale: Uint8Array;
  /** Slot → vehicleNo. */
  vehicleNos: Uint32Array;
  slotByNo: Map<number, number>;
  /** vehicleNo → index in VEHICLE_STATUSES, from the vehicle table; absent = not known. */
  statusByNo: Map<number, number>;
  /** vehicleNos of neighbouring units' vehicles (board.snapshot's `neighbour`): drawn faded, read-only. */
  neighbourNos: Set<number>;
  /** Batch time of the newest frame applied, epoch ms. */
  lastFrameAt: number | null;
  /** Records skipped for out-of-range values. */
  rejected: number;
};

export const STALE_ALPHA = 90;
/** statusCodes value of a vehicle not in the vehicle table. */
export const UNKNOWN_STATUS = 255;

/**
 * The one rule for "this position is not live": no report for longer than
 * POSITION_STALE_MS. The map fades such a vehicle and the panel shows its age; both
 * use this so they never disagree. A vehicle never reported has no position to draw.
 */
export function isPositionStale(reportedAt: number | null, now: number): boolean {
  return reportedAt !== null && now - reportedAt > POSITION_STALE_MS;
}
const UNKNOWN_COLOR = [150, 150, 150, 200] as const;
const STATUS_COLORS = VEHICLE_STATUSES.map((s) => VEHICLE_STATUS_COLORS[s]);

export function createVehicleBuffers(capacity = 256): VehicleBuffers {
  const cap = Math.max(1, capacity);
  return {
    capacity: cap,
    length: 0,
    version: 0,
    positions: new Float32Array(cap * 2),
    angles: new Float32Array(cap),
    speeds: new Float32Array(cap),
    colors: new Uint8Array(cap * 4),
    statusCodes: new Uint8Array(cap).fill(UNKNOWN_STATUS),
    statusVersion: 0,
    reportedAt: new Float64Array(cap),
    stale: new Uint8Array(cap),
    vehicleNos: new Uint32Array(cap),
    slotByNo: new Map(),
    statusByNo: new Map(),
    neighbourNos: new Set(),
    lastFrameAt: null,
    rejected: 0,
  };
}

function grow<T extends Float32Array | Float64Array | Uint8Array | Uint32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

/** Doubles capacity until `needed` slots fit. New arrays: deck sees new buffers and re-uploads. */
function ensureCapacity(b: VehicleBuffers, needed: number): void {
  if (needed <= b.capacity) return;
  let cap = b.capacity;
  while (cap < needed) cap *= 2;
  b.positions = grow(b.positions, cap * 2);
  b.angles = grow(b.angles, cap);
  b.speeds = grow(b.speeds, cap);
  b.colors = grow(b.colors, cap * 4);
  const codes = new Uint8Array(cap).fill(UNKNOWN_STATUS);
  codes.set(b.statusCodes);
  b.statusCodes = codes;
  b.reportedAt = grow(b.reportedAt, cap);
  b.stale = grow(b.stale, cap);
  b.vehicleNos = grow(b.vehicleNos, cap);
  b.capacity = cap;
}

function slotFor(b: VehicleBuffers, no: number): number {
  let slot = b.slotByNo.get(no);
  if (slot === undefined) {
    ensureCapacity(b, b.length + 1);
    slot = b.length++;
    b.slotByNo.set(no, slot);
    b.vehicleNos[slot] = no;
  }
  return slot;
}

function paint(b: VehicleBuffers, slot: number, now: number): void {
  const code = b.statusByNo.get(b.vehicleNos[slot]!);
  const own = (code === undefined ? undefined : STATUS_COLORS[code]) ?? UNKNOWN_COLOR;
  const rgba = b.neighbourNos.has(b.vehicleNos[slot]!) ? neighbourFaded(own) : own;
  const stale = isPositionStale(b.reportedAt[slot]!, now);
  b.statusCodes[slot] = code ?? UNKNOWN_STATUS;
  const o = slot * 4;
  b.colors[o] = rgba[0];
  b.colors[o + 1] = rgba[1];
  b.colors[o + 2] = rgba[2];
  b.colors[o + 3] = stale ? Math.min(rgba[3], STALE_ALPHA) : rgba[3];
  b.stale[slot] = stale ? 1 : 0;
}

function write(b: VehicleBuffers, no: number, lon: number, lat: number, heading: number, speed: number, ts: number, now: number): boolean {
  const known = b.slotByNo.get(no);
  // Never move a vehicle backwards in time (a snapshot read from the cache can be older than the live stream).
  if (known !== undefined && ts < b.reportedAt[known]!) return false;
  const slot = known ?? slotFor(b, no);
  b.positions[slot * 2] = lon;
  b.positions[slot * 2 + 1] = lat;
  b.angles[slot] = -heading;
  b.speeds[slot] = speed;
  b.reportedAt[slot] = ts;
  paint(b, slot, now);
  return true;
}

/**
 * Writes a binary position batch (shared/positions-codec.ts) into the arrays in place.
 * Returns how many vehicles changed. A frame from the board client comes checked and is
 * trusted; a raw one (tests, the benchmark page) is checked here, so each frame's header
 * is read once on every path. Throws PositionBatchError, before touching anything, when
 * the frame is malformed; single bad records are skipped and counted in `rejected`.
 */
export function applyPositionFrame(b: VehicleBuffers, frame: ArrayBuffer | CheckedPositionsFrame, now = Date.now()): number {
  const { view, count, ts } = frame instanceof ArrayBuffer ? checkFrame(frame) : frame;
  let changed = 0;
  let o = POSITIONS_HEADER_BYTES;
  for (let i = 0; i < count; i++, o += POSITIONS_RECORD_BYTES) {
    const no = view.getUint32(o, true);
    const lon = view.getFloat32(o + 4, true);
    const lat = view.getFloat32(o + 8, true);
    const heading = view.getFloat32(o + 12, true);
    const speed = view.getFloat32(o + 16, true);
    if (!isValidPositionRecord(no, lon, lat, heading, speed)) {
      b.rejected++;
      continue;
    }
    if (write(b, no, lon, lat, heading, speed, ts, now)) changed++;
  }
  if (b.lastFrameAt === null || ts > b.lastFrameAt) b.lastFrameAt = ts;
  if (changed > 0) b.version++;
  return changed;
}

/** Positions from the snapshot, each with its own report time. */
export function applyPositions(b: VehicleBuffers, positions: readonly Position[], now = Date.now()): number {
  let changed = 0;
  for (const p of positions) {
    if (!isValidPositionRecord(p.vehicleNo, p.lon, p.lat, p.heading, p.speedKmh)) {
      b.rejected++;
      continue;
    }
    if (write(b, p.vehicleNo, p.lon, p.lat, p.heading, p.speedKmh, p.ts, now)) changed++;
  }
  if (changed > 0) b.version++;
  return changed;
}

/** Takes statuses from the vehicle table and repaints. Vehicles no longer listed turn grey. */
export function setVehicleStatuses(b: VehicleBuffers, vehicles: readonly (Pick<Vehicle, 'no' | 'status'> & { neighbour?: true })[], now = Date.now()): void {
  b.statusByNo.clear();
  b.neighbourNos.clear();
  for (const v of vehicles) {
    b.statusByNo.set(v.no, statusCode(v.status));
    if (v.neighbour) b.neighbourNos.add(v.no);
  }
  for (let slot = 0; slot < b.length; slot++) paint(b, slot, now);
  b.version++;
  b.statusVersion++;
}

/** Repaints slots that turned stale (or fresh) since they were painted; returns how many. */
export function refreshStaleness(b: VehicleBuffers, now = Date.now()): number {
  let changed = 0;
  for (let slot = 0; slot < b.length; slot++) {
    const stale = isPositionStale(b.reportedAt[slot]!, now) ? 1 : 0;
    if (stale !== b.stale[slot]) {
      paint(b, slot, now);
      changed++;
    }
  }
  if (changed > 0) b.version++;
  return changed;
}

/** How many drawn vehicles are faded as stale (as last painted). */
export function countStale(b: VehicleBuffers): number {
  let n = 0;
  for (let slot = 0; slot < b.length; slot++) n += b.stale[slot]!;
  return n;
}

export function vehicleNoAt(b: VehicleBuffers, slot: number): number | null {
  return slot >= 0 && slot < b.length ? b.vehicleNos[slot]! : null;
}

/** Live values for one vehicle (for the panel); null before its first position. */
export function readVehicle(b: VehicleBuffers, no: number): { lon: number; lat: number; heading: number; speedKmh: number; ts: number; stale: boolean } | null {
  const slot = b.slotByNo.get(no);
  if (slot === undefined) return null;
  const heading = -b.angles[slot]!;
  return {
    lon: b.positions[slot * 2]!,
    lat: b.positions[slot * 2 + 1]!,
    heading: heading === 0 ? 0 : heading, // not -0
    speedKmh: b.speeds[slot]!,
    ts: b.reportedAt[slot]!,
    stale: b.stale[slot] === 1,
  };
}
