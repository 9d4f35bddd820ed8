import { describe, expect, it } from 'vitest';
import { checkPositionsFrame, decodePositions, encodePositions, PositionBatchError, POSITIONS_HEADER_BYTES } from './positions-codec';

const sample = [
  { vehicleNo: 1, lon: 11.9746, lat: 57.7089, heading: 90, speedKmh: 42.5, ts: 1 },
  { vehicleNo: 120, lon: 11.95, lat: 57.69, heading: 359.5, speedKmh: 0, ts: 1 },
];

describe('position batches', () => {
  it('round-trips through the binary format at f32 precision', () => {
    const b = decodePositions(encodePositions(sample, 1_700_000_000_000));
    expect(b.count).toBe(2);
    expect(b.ts).toBe(1_700_000_000_000);
    expect([...b.vehicleNo]).toEqual([1, 120]);
    expect(b.lon[0]).toBeCloseTo(11.9746, 5);
    expect(b.lat[1]).toBeCloseTo(57.69, 5);
    expect(b.heading[1]).toBeCloseTo(359.5, 3);
    expect(b.speedKmh[0]).toBeCloseTo(42.5, 3);
    expect(b.rejected).toBe(0);
  });

  it.each([
    ['too short', new ArrayBuffer(8)],
    ['bad magic', new ArrayBuffer(POSITIONS_HEADER_BYTES)],
    ['count disagrees with length', (() => { const b = encodePositions(sample, 1); new DataView(b).setUint32(4, 3, true); return b; })()],
    ['truncated record', encodePositions(sample, 1).slice(0, POSITIONS_HEADER_BYTES + 30)],
    ['absurd count', (() => { const b = encodePositions([], 1); new DataView(b).setUint32(4, 5_000_000, true); return b; })()],
    ['negative time', encodePositions(sample, -5)],
  ])('rejects a frame: %s', (_name, frame) => {
    expect(() => checkPositionsFrame(frame)).toThrow(PositionBatchError);
  });

  it('drops records with impossible values but keeps the rest', () => {
    const frame = encodePositions([...sample, { vehicleNo: 7, lon: 999, lat: 57, heading: 0, speedKmh: 0, ts: 1 }], 5);
    const b = decodePositions(frame);
    expect(b.count).toBe(2);
    expect(b.rejected).toBe(1);
  });

  it('reads a frame from a Node Buffer view with an offset', () => {
    const frame = new Uint8Array(encodePositions(sample, 2));
    const padded = new Uint8Array(frame.length + 3);
    padded.set(frame, 3);
    expect(decodePositions(padded.subarray(3)).count).toBe(2);
  });
});
