import type { Position } from './domain';

/**
 * Binary position batch, used on the central live stream and forwarded unchanged
 * (after validation) to the renderer. Little-endian:
 *
 *   header 16 B: u32 magic 'JBP1' | u32 count | f64 batch time (epoch ms)
 *   record 20 B: u32 vehicleNo | f32 lon | f32 lat | f32 heading° | f32 speed km/h
 *
 * f32 coordinates are what deck.gl draws anyway (≈0.5 m at 58°N), and 20 B a vehicle
 * keeps 10,000 vehicles at 1 Hz to 200 KB/s.
 */
export const POSITIONS_MAGIC = 0x3150424a; // 'JBP1' read as little-endian u32
export const POSITIONS_HEADER_BYTES = 16;
export const POSITIONS_RECORD_BYTES = 20;
export const POSITIONS_MAX_COUNT = 100_000;

export type PositionBatch = {
  ts: number;
  count: number;
  vehicleNo: Uint32Array;
  lon: Float32Array;
  lat: Float32Array;
  heading: Float32Array;
  speedKmh: Float32Array;
};

export class PositionBatchError extends Error {
  readonly code = 'bad_position_batch';
}

export function encodePositions(positions: readonly Position[], ts: number): ArrayBuffer {
  const buf = new ArrayBuffer(POSITIONS_HEADER_BYTES + positions.length * POSITIONS_RECORD_BYTES);
  const v = new DataView(buf);
  v.setUint32(0, POSITIONS_MAGIC, true);
  v.setUint32(4, positions.length, true);
  v.setFloat64(8, ts, true);
  let o = POSITIONS_HEADER_BYTES;
  for (const p of positions) {
    v.setUint32(o, p.vehicleNo, true);
    v.setFloat32(o + 4, p.lon, true);
    v.setFloat32(o + 8, p.lat, true);
    v.setFloat32(o + 12, p.heading, true);
    v.setFloat32(o + 16, p.speedKmh, true);
    o += POSITIONS_RECORD_BYTES;
  }
  return buf;
}

/** Reads the header only; throws PositionBatchError unless the frame is well-formed. */
export function checkPositionsFrame(data: ArrayBuffer | ArrayBufferView): { view: DataView; count: number; ts: number } {
  const view = ArrayBuffer.isView(data)
    ? new DataView(data.buffer, data.byteOffset, data.byteLength)
    : new DataView(data);
  if (view.byteLength < POSITIONS_HEADER_BYTES) throw new PositionBatchError(`position batch too short: ${view.byteLength} bytes`);
  if (view.getUint32(0, true) !== POSITIONS_MAGIC) throw new PositionBatchError('position batch: bad magic');
  const count = view.getUint32(4, true);
  if (count > POSITIONS_MAX_COUNT) throw new PositionBatchError(`position batch: count ${count} over ${POSITIONS_MAX_COUNT}`);
  const want = POSITIONS_HEADER_BYTES + count * POSITIONS_RECORD_BYTES;
  if (view.byteLength !== want) throw new PositionBatchError(`position batch: ${view.byteLength} bytes, expected ${want}`);
  const ts = view.getFloat64(8, true);
  if (!Number.isFinite(ts) || ts < 0) throw new PositionBatchError('position batch: bad time');
  return { view, count, ts };
}

/**
 * Decodes into column arrays. Records with non-finite or out-of-range values are
 * dropped (counted in `rejected`) rather than poisoning the whole batch.
 */
export function decodePositions(data: ArrayBuffer | ArrayBufferView): PositionBatch & { rejected: number } {
  const { view, count, ts } = checkPositionsFrame(data);
  const out = {
    ts,
    count: 0,
    vehicleNo: new Uint32Array(count),
    lon: new Float32Array(count),
    lat: new Float32Array(count),
    heading: new Float32Array(count),
    speedKmh: new Float32Array(count),
    rejected: 0,
  };
  let o = POSITIONS_HEADER_BYTES;
  let n = 0;
  for (let i = 0; i < count; i++, o += POSITIONS_RECORD_BYTES) {
    const no = view.getUint32(o, true);
    const x = view.getFloat32(o + 4, true);
    const y = view.getFloat32(o + 8, true);
    const h = view.getFloat32(o + 12, true);
    const s = view.getFloat32(o + 16, true);
    if (no === 0 || !(x >= -180 && x <= 180) || !(y >= -90 && y <= 90) || !(h >= 0 && h <= 360) || !(s >= 0 && s <= 400)) {
      out.rejected++;
      continue;
    }
    out.vehicleNo[n] = no;
    out.lon[n] = x;
    out.lat[n] = y;
    out.heading[n] = h;
    out.speedKmh[n] = s;
    n++;
  }
  out.count = n;
  return out;
}
