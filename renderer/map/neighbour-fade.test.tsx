/** A neighbouring unit's sites and vehicles (board.snapshot's `neighbour`) are drawn faded; the console's own as always. */
import { describe, expect, it } from 'vitest';
import type { BoardSite } from '../../shared/board/api';
import { encodePositions } from '../../shared/positions-codec';
import { createDepotLayer } from './depot-layer';
import { createQuickPickLayer } from './quickpick-layer';
import { LABEL_PLATE, NEIGHBOUR_ALPHA, NEIGHBOUR_LABEL_PLATE, neighbourFaded, neighbourLabelText, SITE_KIND_STYLE, SITE_LABEL_STYLE, SITE_OUTLINE } from './site-style';
import { createSiteLabelLayers, type LabelMeasurer, type SiteLabel } from './site-label-layer';
import { MapLegend } from './MapLegend';
import { markupText, renderAs } from '../ui/testing/render-as';
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

describe('neighbouring units’ names and the legend', () => {
  const measurer: LabelMeasurer = { textWidth: (t, px) => t.length * px, lineMetrics: (px) => ({ ascent: px, descent: px / 4 }) };
  it('a neighbour’s name is faded, text and plate; its own as always', () => {
    const own = site('r-own', 'regional');
    const theirs = site('r-theirs', 'regional', true);
    const labels: SiteLabel[] = [own, theirs].map((s) => ({ site: s, text: s.name, dx: 0, dy: 0, leader: null }));
    const [, depots] = createSiteLabelLayers(labels, { visible: true, pixelRatio: 1, characters: new Set('r-ownthies名'), measurer });
    expect(access(depots.props.getColor, labels[0])).toEqual(SITE_LABEL_STYLE.depot.color);
    expect(access(depots.props.getColor, labels[1])).toEqual(neighbourLabelText(SITE_LABEL_STYLE.depot.color));
    expect((access(depots.props.getColor, labels[1]) as number[])[3]).toBeLessThan(SITE_LABEL_STYLE.depot.color[3]);
    expect(access(depots.props.getBackgroundColor, labels[0])).toEqual(LABEL_PLATE.fill);
    expect(access(depots.props.getBackgroundColor, labels[1])).toEqual(NEIGHBOUR_LABEL_PLATE.fill);
  });

  it('the legend says what the faded marks are, counts them apart, and counts the console’s own without them', () => {
    const vehicles = [
      { id: 'v1', no: 1, plate: 'A1', kind: 'van', status: 'available', crew: [], homeSiteId: 'r-own', capacity: 60, unitId: 'unit-centrum' },
      { id: 'v2', no: 2, plate: 'A2', kind: 'van', status: 'available', crew: [], homeSiteId: 'r-theirs', capacity: 60, unitId: 'unit-hisingen', neighbour: true },
    ] as never[];
    const html = renderAs('duty', <MapLegend vehicles={vehicles} sites={[site('r-own', 'regional'), site('r-theirs', 'regional', true)]} />);
    expect(html).toMatch(/data-testid="legend-neighbours" data-count="2"/);
    expect(markupText(html)).toContain('邻近单位（只读）');
    expect(html).toMatch(/data-status="available" data-count="1"/);
    expect(/data-kind="regional">.*?map-legend__count">(\d+)</.exec(html)?.[1]).toBe('1');
    // None held (the default): no such line.
    expect(renderAs('duty', <MapLegend vehicles={[]} sites={[site('r-own', 'regional')]} />)).not.toContain('legend-neighbours');
  });
});
