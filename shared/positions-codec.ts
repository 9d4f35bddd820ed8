import type { Position } from './domain';

/**
 * Binary position batch, used on the central live stream and, re-encoded with only the
 * records that pass `isValidPositionRecord`, from the backend to the renderer. Little-endian:
 *
 *   header 24 B: u32 magic 'JBP2' | u32 count | f64 batch time (epoch ms) | u32 stream seq | u32 reserved (0)
 *   record 20 B: u32 vehicleNo | f32 lon | f32 lat | f32 heading° | f32 speed km/h
 *
 * The stream seq grows by one per frame on one connection: receivers order frames by it,
 * never by the batch time, which is the sender's clock and not to be taken on trust (a
 * central whose clock runs a day ahead must not freeze the map).
 *
 * f32 coordinates are what deck.gl draws anyway (≈0.5 m at 58°N), and 20 B a vehicle
 * keeps 10,000 vehicles at 1 Hz to 200 KB/s.
 */
export const POSITIONS_MAGIC = 0x3250424a; // 'JBP2' read as little-endian u32
export const POSITIONS_HEADER_BYTES = 24;
export const POSITIONS_RECORD_BYTES = 20;
export const POSITIONS_MAX_COUNT = 100_000;

export type PositionBatch = {
  ts: number;
  /** Stream sequence number of the frame (see the header). */
  seq: number;
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

/**
 * The one validity rule for a position record, used by the backend (before it stores or
 * forwards anything) and by the renderer. Written as comparisons so NaN fails them.
 */
export function isValidPositionRecord(no: number, lon: number, lat: number, heading: number, speedKmh: number): boolean {
  return no >= 1 && no <= 0xffff_fffe && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 && heading >= 0 && heading <= 360 && speedKmh >= 0 && speedKmh <= 400;
}

export function encodePositions(positions: readonly Position[], ts: number, seq = 0): ArrayBuffer {
  const n = positions.length;
  const cols = { count: n, vehicleNo: new Uint32Array(n), lon: new Float32Array(n), lat: new Float32Array(n), heading: new Float32Array(n), speedKmh: new Float32Array(n) };
  positions.forEach((p, i) => {
    cols.vehicleNo[i] = p.vehicleNo;
    cols.lon[i] = p.lon;
    cols.lat[i] = p.lat;
    cols.heading[i] = p.heading;
    cols.speedKmh[i] = p.speedKmh;
  });
  return encodeBatch(cols, ts, seq);
}

/** Encodes column arrays (a decoded batch) without building objects per record. */
export function encodeBatch(b: Pick<PositionBatch, 'count' | 'vehicleNo' | 'lon' | 'lat' | 'heading' | 'speedKmh'>, ts: number, seq: number): ArrayBuffer {
  const buf = new ArrayBuffer(POSITIONS_HEADER_BYTES + b.count * POSITIONS_RECORD_BYTES);
  const v = new DataView(buf);
  v.setUint32(0, POSITIONS_MAGIC, true);
  v.setUint32(4, b.count, true);
  v.setFloat64(8, ts, true);
  v.setUint32(16, seq >>> 0, true);
  let o = POSITIONS_HEADER_BYTES;
  for (let i = 0; i < b.count; i++, o += POSITIONS_RECORD_BYTES) {
    v.setUint32(o, b.vehicleNo[i]!, true);
    v.setFloat32(o + 4, b.lon[i]!, true);
    v.setFloat32(o + 8, b.lat[i]!, true);
    v.setFloat32(o + 12, b.heading[i]!, true);
    v.setFloat32(o + 16, b.speedKmh[i]!, true);
  }
  return buf;
}

/** Reads the header only; throws PositionBatchError unless the frame is well-formed. */
export function checkPositionsFrame(data: ArrayBuffer | ArrayBufferView): { view: DataView; count: number; ts: number; seq: number } {
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
  return { view, count, ts, seq: view.getUint32(16, true) };
}

/**
 * Decodes into column arrays. Records with non-finite or out-of-range values are
 * dropped (counted in `rejected`) rather than poisoning the whole batch.
 */
export function decodePositions(data: ArrayBuffer | ArrayBufferView): PositionBatch & { rejected: number } {
  const { view, count, ts, seq } = checkPositionsFrame(data);
  const out = {
    ts,
    seq,
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
    if (!isValidPositionRecord(no, x, y, h, s)) {
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
