import { describe, expect, it } from 'vitest';
import { VEHICLE_STATUSES } from '../../shared/domain';
import { encodePositions } from '../../shared/positions-codec';
import { drawSymbol, LEVEL_SYMBOLS, UNKNOWN_VEHICLE_ICON, VEHICLE_SYMBOLS, vehicleIconName } from './symbols';
import { applyPositionFrame, createVehicleBuffers, setVehicleStatuses } from './vehicle-buffers';
import { vehicleIconAt } from './vehicle-layer';

const key = (s: { d: string; draw: string; stroke?: number }) => `${s.draw}|${s.stroke ?? ''}|${s.d}`;

describe('map symbols', () => {
  it('gives every vehicle status its own shape, and every level its own', () => {
    expect(new Set(VEHICLE_STATUSES.map((s) => key(VEHICLE_SYMBOLS[s]))).size).toBe(VEHICLE_STATUSES.length);
    expect(new Set(Object.values(LEVEL_SYMBOLS).map(key)).size).toBe(4);
    // No level shape is a vehicle shape: orange 'at scene' and orange 'urgent' differ in form too.
    for (const level of Object.values(LEVEL_SYMBOLS)) for (const s of VEHICLE_STATUSES) expect(key(level)).not.toBe(key(VEHICLE_SYMBOLS[s]));
  });

  it('draws hollow shapes as an outline over a faint fill, solid ones filled, outlines stroked', () => {
    const calls: string[] = [];
    const ctx = {
      save() {}, restore() {}, translate() {},
      fill: (_p: unknown, rule?: string) => calls.push(`fill ${rule} ${ctx.globalAlpha}`),
      stroke: () => calls.push(`stroke ${ctx.lineWidth}`),
      fillStyle: '', strokeStyle: '', lineWidth: 0, lineJoin: 'miter' as CanvasLineJoin, lineCap: 'butt' as CanvasLineCap, globalAlpha: 1,
    };
    const path = () => ({}) as Path2D;
    drawSymbol(ctx, LEVEL_SYMBOLS.orange, 'hollow', path);
    expect(calls).toEqual(['fill nonzero 0.22', 'stroke 7']);
    calls.length = 0;
    drawSymbol(ctx, VEHICLE_SYMBOLS.maintenance, 'solid', path);
    expect(calls).toEqual(['fill evenodd 1']);
    calls.length = 0;
    drawSymbol(ctx, VEHICLE_SYMBOLS.returning, 'solid', path);
    expect(calls).toEqual(['stroke 7']);
  });

  it('picks each vehicle its status symbol from the buffers, the plain arrow while unknown', () => {
    const b = createVehicleBuffers(4);
    const now = Date.now();
    applyPositionFrame(b, encodePositions([1, 2, 3].map((no) => ({ vehicleNo: no, lon: 11.9, lat: 57.7, heading: 0, speedKmh: 0, ts: now })), now));
    expect(vehicleIconAt(b, 0)).toBe(UNKNOWN_VEHICLE_ICON);
    const before = b.statusVersion;
    setVehicleStatuses(b, [{ no: 1, status: 'atscene' }, { no: 2, status: 'maintenance' }]);
    expect(b.statusVersion).toBe(before + 1);
    expect(vehicleIconAt(b, 0)).toBe(vehicleIconName('atscene'));
    expect(vehicleIconAt(b, 1)).toBe(vehicleIconName('maintenance'));
    expect(vehicleIconAt(b, 2)).toBe(UNKNOWN_VEHICLE_ICON);
    // Positions alone do not touch the symbols' version (the icons are not re-read per frame).
    applyPositionFrame(b, encodePositions([{ vehicleNo: 1, lon: 11.91, lat: 57.7, heading: 0, speedKmh: 0, ts: now + 1000 }], now + 1000));
    expect(b.statusVersion).toBe(before + 1);
    // A buffer that grows keeps the codes it had.
    applyPositionFrame(b, encodePositions([4, 5, 6, 7, 8].map((no) => ({ vehicleNo: no, lon: 11.9, lat: 57.7, heading: 0, speedKmh: 0, ts: now + 2000 })), now + 2000));
    expect(vehicleIconAt(b, 0)).toBe(vehicleIconName('atscene'));
  });
});
