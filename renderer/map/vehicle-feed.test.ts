import { describe, expect, it, vi } from 'vitest';
import { encodePositions } from '../../shared/positions-codec';
import { POSITION_STALE_MS } from '../../shared/vehicle-style';
import { createVehicleFeed } from './vehicle-feed';

describe('vehicle feed', () => {
  it('applies frames, counts them and notifies subscribers', () => {
    const feed = createVehicleFeed(4);
    const seen = vi.fn();
    const off = feed.subscribe(seen);
    const now = Date.now();
    feed.applySnapshot(
      [{ id: 'v1', no: 1, plate: '粤A·1', kind: 'van', status: 'available', crew: [], homeSiteId: 'c1', capacity: 10 }],
      [{ vehicleNo: 1, lon: 1, lat: 2, heading: 0, speedKmh: 0, ts: now }],
    );
    expect(seen).toHaveBeenCalledTimes(1);
    expect(feed.applyFrame(encodePositions([{ vehicleNo: 1, lon: 1.1, lat: 2, heading: 0, speedKmh: 5, ts: now }, { vehicleNo: 2, lon: 3, lat: 4, heading: 0, speedKmh: 0, ts: now }], now + 1))).toBe(2);
    expect(feed.positionsApplied).toBe(2);
    expect(seen).toHaveBeenCalledTimes(2);
    off();
    feed.applyFrame(encodePositions([{ vehicleNo: 1, lon: 1.2, lat: 2, heading: 0, speedKmh: 5, ts: now }], now + 2));
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('counts and logs a bad frame instead of throwing', () => {
    const logError = vi.fn();
    const feed = createVehicleFeed(4, logError);
    expect(feed.applyFrame(new ArrayBuffer(3))).toBe(0);
    expect(feed.badFrames).toBe(1);
    expect(logError).toHaveBeenCalled();
  });

  it('notifies when positions turn stale', () => {
    const feed = createVehicleFeed(4);
    const now = Date.now();
    feed.applyFrame(encodePositions([{ vehicleNo: 1, lon: 1, lat: 2, heading: 0, speedKmh: 0, ts: now }], now));
    const seen = vi.fn();
    feed.subscribe(seen);
    feed.tick(now + 1000);
    expect(seen).not.toHaveBeenCalled();
    feed.tick(now + POSITION_STALE_MS + 1000);
    expect(seen).toHaveBeenCalledTimes(1);
  });
});
