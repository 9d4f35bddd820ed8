import type { Rgba } from '../../shared/palette';
import { cssColor } from '../../shared/palette';
import { HOLLOW_FILL_ALPHA, HOLLOW_STROKE, type SymbolDef, type SymbolVariant } from './symbols';

type SymbolIconProps = { def: SymbolDef; color: Rgba; variant?: SymbolVariant; sizePx?: number; className?: string };

/** A map symbol (map/symbols.ts) in a legend or a list: the same shape the map draws, in its colour. */
export function SymbolIcon({ def, color, variant = 'solid', sizePx = 14, className }: SymbolIconProps) {
  const c = cssColor(color);
  const hollow = variant === 'hollow' && def.draw !== 'stroke';
  return (
    <svg className={className ?? 'symbol-icon'} width={sizePx} height={sizePx} viewBox="-4 -4 72 72" aria-hidden="true" focusable="false">
      {def.draw === 'stroke' ? (
        <path d={def.d} fill="none" stroke={c} strokeWidth={def.stroke ?? 6} strokeLinejoin="round" strokeLinecap="round" />
      ) : hollow ? (
        <path d={def.d} fill={c} fillOpacity={HOLLOW_FILL_ALPHA} fillRule={def.draw === 'evenodd' ? 'evenodd' : 'nonzero'} stroke={c} strokeWidth={HOLLOW_STROKE} strokeLinejoin="round" />
      ) : (
        <path d={def.d} fill={c} fillRule={def.draw === 'evenodd' ? 'evenodd' : 'nonzero'} />
      )}
    </svg>
  );
}
