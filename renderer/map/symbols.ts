import type { AlertLevel, VehicleStatus } from '../../shared/domain';
import { VEHICLE_STATUSES } from '../../shared/domain';
import type { IconMapping } from './vehicle-layer';

/**
 * The map's symbols, one geometry for the map (drawn into icon atlases, tinted by deck)
 * and for every legend (SVG): colour is never the only difference. A vehicle's status is its
 * shape (arrow, double chevron, hollow arrow, target, repair disc, struck-out ring); a
 * four-colour level (priority, time margin) is a circle, square, diamond or octagon, so
 * orange "at scene" and orange "urgent", yellow "repair" and yellow "attention" never read
 * alike. Paths are in a 64 × 64 box, north up.
 */
export type SymbolDef = {
  d: string;
  /** 'fill': solid; 'evenodd': solid with holes; 'stroke': an outline `stroke` units wide. */
  draw: 'fill' | 'evenodd' | 'stroke';
  stroke?: number;
};

const ARROW = 'M32 4 L56 58 L32 46 L8 58 Z';
const circle = (r: number, cx = 32, cy = 32) => `M${cx - r} ${cy} A${r} ${r} 0 1 0 ${cx + r} ${cy} A${r} ${r} 0 1 0 ${cx - r} ${cy} Z`;

export const VEHICLE_SYMBOLS: Record<VehicleStatus, SymbolDef> = {
  // Free for a task: the plain arrow, pointing where it drives.
  available: { d: ARROW, draw: 'fill' },
  // On a task: an arrow with a chevron behind it, moving with purpose.
  enroute: { d: 'M32 2 L56 44 L32 34 L8 44 Z M32 42 L56 62 L46 62 L32 51 L18 62 L8 62 Z', draw: 'fill' },
  // At the scene: a target (ring and dot); it does not drive, so no heading.
  atscene: { d: `${circle(27)} ${circle(17)} ${circle(8)}`, draw: 'evenodd' },
  // Going back: the arrow's outline only.
  returning: { d: ARROW, draw: 'stroke', stroke: 7 },
  // In repair: a disc with a cross cut out.
  maintenance: { d: `${circle(27)} M27 13 H37 V27 H51 V37 H37 V51 H27 V37 H13 V27 H27 Z`, draw: 'evenodd' },
  // No signal: a ring struck through.
  offline: { d: `${circle(24)} M15 49 L49 15`, draw: 'stroke', stroke: 7 },
};

const octagon = (() => {
  const pts: string[] = [];
  for (let i = 0; i < 8; i++) {
    const a = ((i * 45 + 22.5) * Math.PI) / 180;
    pts.push(`${(32 + 27 * Math.cos(a)).toFixed(2)} ${(32 + 27 * Math.sin(a)).toFixed(2)}`);
  }
  return `M${pts.join(' L')} Z`;
})();

/** The four-colour levels (四色预警): rising alarm, rising corners. */
export const LEVEL_SYMBOLS: Record<AlertLevel, SymbolDef> = {
  green: { d: circle(25), draw: 'fill' },
  yellow: { d: 'M11 11 H53 V53 H11 Z', draw: 'fill' },
  orange: { d: 'M32 3 L61 32 L32 61 L3 32 Z', draw: 'fill' },
  red: { d: octagon, draw: 'fill' },
};

/** How a symbol is drawn: 'solid' as defined; 'hollow' a shape's outline over a faint fill (streets stay visible under it). */
export type SymbolVariant = 'solid' | 'hollow';
export const HOLLOW_FILL_ALPHA = 0.22;
export const HOLLOW_STROKE = 7;

export const vehicleIconName = (status: VehicleStatus): string => `vehicle-${status}`;
export const levelIconName = (level: AlertLevel, variant: SymbolVariant): string => `level-${level}-${variant}`;
/** The icon for a vehicle whose status is not known (not in the vehicle table). */
export const UNKNOWN_VEHICLE_ICON = vehicleIconName('available');

const SIZE = 64;
const PAD = 4;

type Ctx2D = Pick<CanvasRenderingContext2D, 'save' | 'restore' | 'translate' | 'fill' | 'stroke' | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'lineJoin' | 'lineCap' | 'globalAlpha'>;

/** Draws one symbol in white at the origin of a SIZE box (the caller translates). */
export function drawSymbol(ctx: Ctx2D, def: SymbolDef, variant: SymbolVariant, path: (d: string) => Path2D): void {
  const p = path(def.d);
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#fff';
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  if (variant === 'hollow' && def.draw !== 'stroke') {
    ctx.globalAlpha = HOLLOW_FILL_ALPHA;
    ctx.fill(p, def.draw === 'evenodd' ? 'evenodd' : 'nonzero');
    ctx.globalAlpha = 1;
    ctx.lineWidth = HOLLOW_STROKE;
    ctx.stroke(p);
    return;
  }
  if (def.draw === 'stroke') {
    ctx.lineWidth = def.stroke ?? 6;
    ctx.stroke(p);
  } else ctx.fill(p, def.draw === 'evenodd' ? 'evenodd' : 'nonzero');
}

export type SymbolAtlas = { atlas: string; mapping: IconMapping };

/**
 * One atlas of white symbols (deck tints each with its colour: `mask`), as a PNG data URL:
 * the app fetches nothing. Browser only (a canvas).
 */
export function drawSymbolAtlas(entries: readonly { name: string; def: SymbolDef; variant: SymbolVariant }[], doc: Document = document): SymbolAtlas {
  const cell = SIZE + 2 * PAD;
  const canvas = doc.createElement('canvas');
  canvas.width = cell * entries.length;
  canvas.height = cell;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  const mapping: IconMapping = {};
  entries.forEach((e, i) => {
    ctx.save();
    ctx.translate(i * cell + PAD, PAD);
    drawSymbol(ctx, e.def, e.variant, (d) => new Path2D(d));
    ctx.restore();
    mapping[e.name] = { x: i * cell + PAD, y: PAD, width: SIZE, height: SIZE, anchorX: SIZE / 2, anchorY: SIZE / 2, mask: true };
  });
  return { atlas: canvas.toDataURL('image/png'), mapping };
}

/** The vehicle symbols, one per status. */
export function drawVehicleAtlas(doc: Document = document): SymbolAtlas {
  return drawSymbolAtlas(
    VEHICLE_STATUSES.map((s) => ({ name: vehicleIconName(s), def: VEHICLE_SYMBOLS[s], variant: 'solid' as const })),
    doc,
  );
}

/** The level symbols, hollow (console destinations) and solid (the wall's numbered marks). */
export function drawLevelAtlas(doc: Document = document): SymbolAtlas {
  const levels: AlertLevel[] = ['green', 'yellow', 'orange', 'red'];
  return drawSymbolAtlas(
    levels.flatMap((l) => (['solid', 'hollow'] as const).map((variant) => ({ name: levelIconName(l, variant), def: LEVEL_SYMBOLS[l], variant }))),
    doc,
  );
}
