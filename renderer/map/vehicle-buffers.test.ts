import { describe, expect, it } from 'vitest';
import type { Position } from '../../shared/domain';
import { encodePositions, PositionBatchError, POSITIONS_HEADER_BYTES } from '../../shared/positions-codec';
import { POSITION_STALE_MS, VEHICLE_STATUS_COLORS } from '../../shared/vehicle-style';
import { checkFrame } from '../api/positions-frame';
import {
  applyPositionFrame,
  applyPositions,
  countStale,
  createVehicleBuffers,
  isPositionStale,
  readVehicle,
  refreshStaleness,
  setVehicleStatuses,
  STALE_ALPHA,
  vehicleNoAt,
} from './vehicle-buffers';

const T = 1_700_000_000_000;
const pos = (vehicleNo: number, lon: number, lat: number, heading = 0, speedKmh = 0): Position => ({ vehicleNo, lon, lat, heading, speedKmh, ts: T });
const rgba = (b: { colors: Uint8Array }, slot: number) => [...b.colors.subarray(slot * 4, slot * 4 + 4)];

describe('vehicle buffers', () => {
  it('writes a frame into the typed arrays in place', () => {
    const b = createVehicleBuffers(4);
    setVehicleStatuses(b, [{ no: 7, status: 'enroute' }], T);
    const positions = b.positions;
    const changed = applyPositionFrame(b, encodePositions([pos(7, 11.97, 57.7, 90, 42)], T), T);
    expect(changed).toBe(1);
    expect(b.length).toBe(1);
    expect(b.positions).toBe(positions); // no reallocation below capacity
    expect(b.positions[0]).toBeCloseTo(11.97, 4);
    expect(b.positions[1]).toBeCloseTo(57.7, 4);
    expect(b.angles[0]).toBe(-90);
    expect(b.speeds[0]).toBe(42);
    expect(rgba(b, 0)).toEqual([...VEHICLE_STATUS_COLORS.enroute]);
    expect(b.lastFrameAt).toBe(T);
    expect(readVehicle(b, 7)).toMatchObject({ heading: 90, speedKmh: 42, ts: T, stale: false });
  });

  it('gives an unknown vehicleNo a new slot and keeps existing slots', () => {
    const b = createVehicleBuffers(4);
    applyPositionFrame(b, encodePositions([pos(1, 10, 50), pos(2, 11, 51)], T), T);
    applyPositionFrame(b, encodePositions([pos(3, 12, 52), pos(1, 10.5, 50.5)], T + 1000), T + 1000);
    expect(b.length).toBe(3);
    expect([vehicleNoAt(b, 0), vehicleNoAt(b, 1), vehicleNoAt(b, 2)]).toEqual([1, 2, 3]);
    expect(b.positions[0]).toBeCloseTo(10.5, 4);
    expect(b.slotByNo.get(3)).toBe(2);
    // Not in the vehicle table: drawn in the neutral colour.
    expect(rgba(b, 2)).toEqual([150, 150, 150, 200]);
  });

  it('grows by doubling and keeps what was written', () => {
    const b = createVehicleBuffers(2);
    const many = Array.from({ length: 5 }, (_, i) => pos(i + 1, i, i));
    const version = b.version;
    expect(applyPositionFrame(b, encodePositions(many, T), T)).toBe(5);
    expect(b.capacity).toBe(8);
    expect(b.positions.length).toBe(16);
    expect(b.colors.length).toBe(32);
    expect(b.positions[8]).toBe(4);
    expect(b.version).toBe(version + 1);
  });

  it('rejects a malformed frame without touching the arrays', () => {
    const b = createVehicleBuffers(4);
    applyPositionFrame(b, encodePositions([pos(1, 10, 50)], T), T);
    const before = { positions: [...b.positions], length: b.length, version: b.version };
    const truncated = encodePositions([pos(1, 20, 60), pos(2, 21, 61)], T + 1).slice(0, 30);
    expect(() => applyPositionFrame(b, truncated)).toThrow(PositionBatchError);
    const badMagic = encodePositions([pos(1, 20, 60)], T + 1);
    new DataView(badMagic).setUint32(0, 0, true);
    expect(() => applyPositionFrame(b, badMagic)).toThrow(PositionBatchError);
    expect({ positions: [...b.positions], length: b.length, version: b.version }).toEqual(before);
  });

  it('trusts a frame the board client already checked: the header is read once per frame', () => {
    const b = createVehicleBuffers(4);
    const frame = encodePositions([pos(1, 10, 50), pos(2, 11, 51)], T);
    const checked = checkFrame(frame);
    // Spoil the magic after the check: a second check would now throw, a trusted frame does not.
    new DataView(frame).setUint32(0, 0, true);
    expect(applyPositionFrame(b, checked, T)).toBe(2);
    expect(() => applyPositionFrame(createVehicleBuffers(4), frame, T)).toThrow(PositionBatchError);
  });

  it('skips out-of-range records and counts them', () => {
    const b = createVehicleBuffers(4);
    const frame = encodePositions([pos(1, 10, 50), pos(2, 10, 50)], T);
    new DataView(frame).setFloat32(POSITIONS_HEADER_BYTES + 20 + 8, Number.NaN, true); // second record's lat
    expect(applyPositionFrame(b, frame, T)).toBe(1);
    expect(b.rejected).toBe(1);
    expect(b.slotByNo.has(2)).toBe(false);
  });

  it('fades positions older than POSITION_STALE_MS, and refreshes as time passes', () => {
    const b = createVehicleBuffers(4);
    setVehicleStatuses(b, [{ no: 1, status: 'available' }], T);
    applyPositionFrame(b, encodePositions([pos(1, 10, 50)], T), T);
    expect(rgba(b, 0)[3]).toBe(255);
    expect(refreshStaleness(b, T + POSITION_STALE_MS - 1)).toBe(0);
    const version = b.version;
    expect(refreshStaleness(b, T + POSITION_STALE_MS + 1)).toBe(1);
    expect(rgba(b, 0)).toEqual([...VEHICLE_STATUS_COLORS.available.slice(0, 3), STALE_ALPHA]);
    expect(b.version).toBe(version + 1);
    applyPositionFrame(b, encodePositions([pos(1, 10, 50)], T + POSITION_STALE_MS + 5), T + POSITION_STALE_MS + 5);
    expect(rgba(b, 0)[3]).toBe(255);
  });

  it('has one staleness rule for the map and the panel: strictly older than POSITION_STALE_MS', () => {
    expect(isPositionStale(null, T)).toBe(false); // never reported: nothing is drawn at all
    expect(isPositionStale(T, T)).toBe(false);
    expect(isPositionStale(T, T + POSITION_STALE_MS)).toBe(false);
    expect(isPositionStale(T, T + POSITION_STALE_MS + 1)).toBe(true);
    expect(isPositionStale(T + 5000, T)).toBe(false); // clock skew reads as fresh
  });

  it('fades every vehicle once the stream stops (link down), keeping the status hue', () => {
    const b = createVehicleBuffers(4);
    setVehicleStatuses(b, [{ no: 1, status: 'enroute' }, { no: 2, status: 'maintenance' }, { no: 3, status: 'available' }], T);
    applyPositionFrame(b, encodePositions([pos(1, 10, 50), pos(2, 11, 50), pos(3, 12, 50)], T), T);
    // Vehicle 3 keeps reporting; 1 and 2 fall silent.
    applyPositionFrame(b, encodePositions([pos(3, 12, 50)], T + 20_000), T + 20_000);
    expect(countStale(b)).toBe(0);
    refreshStaleness(b, T + POSITION_STALE_MS + 1000);
    expect(countStale(b)).toBe(2);
    expect(readVehicle(b, 1)?.stale).toBe(true);
    expect(readVehicle(b, 3)?.stale).toBe(false);
    expect(rgba(b, 0)).toEqual([...VEHICLE_STATUS_COLORS.enroute.slice(0, 3), STALE_ALPHA]);
    expect(rgba(b, 1)).toEqual([...VEHICLE_STATUS_COLORS.maintenance.slice(0, 3), STALE_ALPHA]);
    expect(rgba(b, 2)[3]).toBe(255);
    // A status change (e.g. an officer's pending action) repaints without un-fading.
    setVehicleStatuses(b, [{ no: 1, status: 'maintenance' }, { no: 2, status: 'maintenance' }, { no: 3, status: 'available' }], T + POSITION_STALE_MS + 1000);
    expect(rgba(b, 0)).toEqual([...VEHICLE_STATUS_COLORS.maintenance.slice(0, 3), STALE_ALPHA]);
    // Everything reports again after the link returns.
    applyPositionFrame(b, encodePositions([pos(1, 10, 50), pos(2, 11, 50), pos(3, 12, 50)], T + 60_000), T + 60_000);
    expect(countStale(b)).toBe(0);
  });

  it('recolours on status changes', () => {
    const b = createVehicleBuffers(4);
    applyPositions(b, [pos(1, 10, 50)], T);
    setVehicleStatuses(b, [{ no: 1, status: 'maintenance' }], T);
    expect(rgba(b, 0)).toEqual([...VEHICLE_STATUS_COLORS.maintenance]);
  });

  it('never moves a vehicle back to an older report', () => {
    const b = createVehicleBuffers(4);
    applyPositionFrame(b, encodePositions([pos(1, 10, 50)], T + 5000), T + 5000);
    expect(applyPositions(b, [{ ...pos(1, 0, 0), ts: T }], T + 5000)).toBe(0);
    expect(b.positions[0]).toBe(10);
  });
});
