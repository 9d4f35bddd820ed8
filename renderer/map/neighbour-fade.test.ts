/** A neighbouring unit's sites and vehicles (board.snapshot's `neighbour`) are drawn faded; the console's own as always. */
import { describe, expect, it } from 'vitest';
import type { BoardSite } from '../../shared/board/api';
import { encodePositions } from '../../shared/positions-codec';
import { createDepotLayer } from './depot-layer';
import { createQuickPickLayer } from './quickpick-layer';
import { NEIGHBOUR_ALPHA, neighbourFaded, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { createStationLayer } from './station-layer';
import { applyPositionFrame, createVehicleBuffers, setVehicleStatuses } from './vehicle-buffers';
import { VEHICLE_STATUS_COLORS } from '../../shared/palette';

const site = (id: string, kind: BoardSite['kind'], neighbour = false): BoardSite => ({
  id, kind, name: `${id} 名`, nameEn: `${id} name`, address: '', lon: 11.97, lat: 57.7, unitId: neighbour ? 'unit-hisingen' : 'unit-centrum', ...(neighbour ? { neighbour: true as const } : {}),
});
const access = (accessor: unknown, object: unknown): unknown =>
  typeof accessor === 'function' ? (accessor as (o: unknown, i: object) => unknown)(object, { index: 0, data: [], target: [] }) : accessor;

describe('neighbouring units on the map', () => {
  it('a neighbour’s depot, quick-pick point and station are faded, fill and outline; its own are not', () => {
    const own = site('r-own', 'regional');
    const theirs = site('r-theirs', 'regional', true);
    const depots = createDepotLayer([own, theirs], { visible: true, selectedId: null });
    expect(access(depots.props.getFillColor, own)).toEqual(SITE_KIND_STYLE.regional.fill);
    expect(access(depots.props.getFillColor, theirs)).toEqual(neighbourFaded(SITE_KIND_STYLE.regional.fill));
    expect((access(depots.props.getFillColor, theirs) as number[])[3]).toBe(NEIGHBOUR_ALPHA);
    expect(access(depots.props.getLineColor, own)).toEqual(SITE_OUTLINE);
    expect((access(depots.props.getLineColor, theirs) as number[])[3]).toBeLessThanOrEqual(NEIGHBOUR_ALPHA);

    const qp = site('q-theirs', 'quickpick', true);
    expect((access(createQuickPickLayer([qp], { visible: true, selectedId: null }).props.getFillColor, qp) as number[])[3]).toBe(NEIGHBOUR_ALPHA);
    const st = site('s-theirs', 'station', true);
    const stations = createStationLayer([st, site('s-own', 'station')], { visible: true, selectedId: null });
    expect((access(stations.props.getFillColor, st) as number[])[3]).toBe(NEIGHBOUR_ALPHA);
    expect(access(stations.props.getFillColor, site('s-own', 'station'))).toEqual(SITE_KIND_STYLE.station.fill);
  });

  it('a neighbour’s vehicle is faded in the colour buffer; its own keeps its status colour', () => {
    const b = createVehicleBuffers(8);
    setVehicleStatuses(b, [{ no: 1, status: 'available' }, { no: 2, status: 'available', neighbour: true }]);
    const now = Date.now();
    applyPositionFrame(b, encodePositions([
      { vehicleNo: 1, lon: 11.9, lat: 57.7, heading: 0, speedKmh: 0, ts: now },
      { vehicleNo: 2, lon: 11.91, lat: 57.7, heading: 0, speedKmh: 0, ts: now },
    ], now), now);
    const colour = (no: number) => [...b.colors.slice(b.slotByNo.get(no)! * 4, b.slotByNo.get(no)! * 4 + 4)];
    expect(colour(1)).toEqual([...VEHICLE_STATUS_COLORS.available]);
    expect(colour(2)).toEqual([...neighbourFaded(VEHICLE_STATUS_COLORS.available)]);
    // The mark follows the vehicle table: no longer a neighbour's, no longer faded.
    setVehicleStatuses(b, [{ no: 1, status: 'available' }, { no: 2, status: 'available' }], now);
    expect(colour(2)).toEqual([...VEHICLE_STATUS_COLORS.available]);
  });
});
