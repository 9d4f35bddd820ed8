import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { AlertLevel } from '../../shared/domain';
import { ALERT_LEVEL_RGBA, withAlpha, type Rgba } from '../../shared/palette';

export const DESTINATION_LAYER_ID = 'request-destinations';

/** Where supplies go (the console): the request being typed ('draft') and the open or en-route requests. */
export type DestinationMark = {
  id: string;
  lon: number;
  lat: number;
  level: AlertLevel;
  kind: 'draft' | 'active';
  /** The request selected in the queue: drawn larger. */
  selected: boolean;
};

type LonLat = { lon: number; lat: number };

/** How a view draws its destinations: the console rings them, the wall fills numbered discs. */
export type DestinationStyle<T> = {
  pickable: boolean;
  radiusPx: number | ((mark: T) => number);
  fill(mark: T): Rgba;
  line(mark: T): Rgba;
  lineWidthPx: number | ((mark: T) => number);
};

export type DestinationLayerOptions<T> = { id: string; visible: boolean; style: DestinationStyle<T> };

const DRAFT_COLOR: Rgba = [255, 255, 255, 255];
const DRAFT_FILL: Rgba = [255, 255, 255, 40];

export function destinationRadius(m: Pick<DestinationMark, 'kind' | 'selected'>): number {
  return m.kind === 'draft' ? 11 : m.selected ? 10 : 7;
}

/**
 * The console's style: hollow rings, so the site or street under a destination stays
 * visible; coloured by the request's margin level, white for the one being typed.
 */
export const RING_STYLE: DestinationStyle<DestinationMark> = {
  pickable: true,
  radiusPx: destinationRadius,
  fill: (m) => (m.kind === 'draft' ? DRAFT_FILL : withAlpha(ALERT_LEVEL_RGBA[m.level], 50)),
  line: (m) => (m.kind === 'draft' ? DRAFT_COLOR : ALERT_LEVEL_RGBA[m.level]),
  lineWidthPx: (m) => (m.kind === 'draft' || m.selected ? 3 : 2),
};

/** Destinations as discs (deck ScatterplotLayer), for the console (rings) and the wall (discs). */
export function createDestinationLayer(marks: readonly DestinationMark[], options: { visible: boolean }): ScatterplotLayer<DestinationMark>;
export function createDestinationLayer<T extends LonLat>(marks: readonly T[], options: DestinationLayerOptions<T>): ScatterplotLayer<T>;
export function createDestinationLayer<T extends LonLat>(marks: readonly T[], options: { visible: boolean } & Partial<DestinationLayerOptions<T>>): ScatterplotLayer<T> {
  // Without a style the data is DestinationMark (the first overload): the console's rings.
  const style = (options.style ?? RING_STYLE) as DestinationStyle<T>;
  return new ScatterplotLayer<T>({
    id: options.id ?? DESTINATION_LAYER_ID,
    data: marks as T[],
    visible: options.visible,
    pickable: style.pickable,
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (m) => [m.lon, m.lat],
    getRadius: style.radiusPx,
    getFillColor: (m) => style.fill(m) as [number, number, number, number],
    getLineColor: (m) => style.line(m) as [number, number, number, number],
    getLineWidth: style.lineWidthPx,
  });
}

export type DestinationLabelOptions<T> = { id: string; visible: boolean; sizePx: number; color: Rgba; text(mark: T): string };

/** A short label centred on each destination (the wall's list numbers). */
export function createDestinationLabelLayer<T extends LonLat>(marks: readonly T[], options: DestinationLabelOptions<T>): TextLayer<T> {
  return new TextLayer<T>({
    id: options.id,
    data: marks as T[],
    visible: options.visible,
    pickable: false,
    sizeUnits: 'pixels',
    getSize: options.sizePx,
    fontWeight: 700,
    getPosition: (m) => [m.lon, m.lat],
    getText: (m) => options.text(m),
    getColor: options.color as [number, number, number, number],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}
