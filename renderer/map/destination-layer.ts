import { IconLayer, TextLayer } from '@deck.gl/layers';
import type { AlertLevel } from '../../shared/domain';
import { ALERT_LEVEL_RGBA, type Rgba } from '../../shared/palette';
import { levelIconName, type SymbolAtlas, type SymbolVariant } from './symbols';

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

/**
 * How a view draws its destinations: the console outlines them (hollow, the street under
 * stays visible), the wall fills them under their list numbers. Either way the level's own
 * shape (map/symbols.ts): circle, square, diamond, octagon.
 */
export type DestinationStyle<T> = {
  pickable: boolean;
  radiusPx: number | ((mark: T) => number);
  color(mark: T): Rgba;
  level(mark: T): AlertLevel;
  variant: SymbolVariant;
};

export type DestinationLayerOptions<T> = { id: string; visible: boolean; style: DestinationStyle<T>; symbols: SymbolAtlas };

const DRAFT_COLOR: Rgba = [255, 255, 255, 255];

export function destinationRadius(m: Pick<DestinationMark, 'kind' | 'selected'>): number {
  return m.kind === 'draft' ? 11 : m.selected ? 10 : 7;
}

/** A symbol's box for a mark of radius r: the shapes fill about 50 of their 64 units. */
export const symbolSizePx = (radiusPx: number): number => Math.round(radiusPx * 2.6);

/** The console's style: hollow level shapes in the request's margin colour, a white circle for the one being typed. */
export const RING_STYLE: DestinationStyle<DestinationMark> = {
  pickable: true,
  radiusPx: destinationRadius,
  color: (m) => (m.kind === 'draft' ? DRAFT_COLOR : ALERT_LEVEL_RGBA[m.level]),
  level: (m) => (m.kind === 'draft' ? 'green' : m.level),
  variant: 'hollow',
};

/** Destinations as level symbols (deck IconLayer), for the console (outlines) and the wall (solid). */
export function createDestinationLayer(marks: readonly DestinationMark[], options: { visible: boolean; symbols: SymbolAtlas }): IconLayer<DestinationMark>;
export function createDestinationLayer<T extends LonLat>(marks: readonly T[], options: DestinationLayerOptions<T>): IconLayer<T>;
export function createDestinationLayer<T extends LonLat>(marks: readonly T[], options: { visible: boolean; symbols: SymbolAtlas } & Partial<DestinationLayerOptions<T>>): IconLayer<T> {
  // Without a style the data is DestinationMark (the first overload): the console's outlines.
  const style = (options.style ?? RING_STYLE) as DestinationStyle<T>;
  const radius = style.radiusPx;
  return new IconLayer<T>({
    id: options.id ?? DESTINATION_LAYER_ID,
    data: marks as T[],
    visible: options.visible,
    pickable: style.pickable,
    iconAtlas: options.symbols.atlas,
    iconMapping: options.symbols.mapping,
    getIcon: (m) => levelIconName(style.level(m), style.variant),
    sizeUnits: 'pixels',
    getSize: typeof radius === 'number' ? symbolSizePx(radius) : (m) => symbolSizePx(radius(m)),
    getPosition: (m) => [m.lon, m.lat],
    getColor: (m) => style.color(m) as [number, number, number, number],
    alphaCutoff: 0.02,
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
