import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerVisibility } from '../map/board-map';
import { useDismiss } from '../ui/use-dismiss';

type LayerPanelProps = {
  /** The switches to offer, in order (layersFor: police stations only in a city that has them). */
  layers: readonly (keyof LayerVisibility)[];
  visibility: LayerVisibility;
  onToggle(layer: keyof LayerVisibility): void;
};

/**
 * Layer switches as a compact toggle group: always in reach, one click each. Where the top
 * bar is too narrow for them (English words, a 1280-pixel screen) they fold into a
 * "Layers" menu (app.css), the same buttons under one disclosure button.
 */
export function LayerPanel({ layers, visibility, onToggle }: LayerPanelProps) {
  const { t } = useTranslation('app');
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  const menuRef = useRef<HTMLButtonElement>(null);
  useDismiss(open, rootRef, () => {
    // Focus in the folded menu would be lost with it: it goes back to the menu's button.
    const focusInside = rootRef.current?.contains(document.activeElement) ?? false;
    setOpen(false);
    if (focusInside) menuRef.current?.focus();
  });

  return (
    <div className={`layer-panel popover-anchor${open ? ' layer-panel--open' : ''}`} ref={rootRef}>
      <button
        ref={menuRef}
        type="button"
        className="tool-button layer-panel__menu"
        data-testid="layers-button"
        aria-expanded={open}
        aria-controls="layer-toggles"
        onClick={() => setOpen((v) => !v)}
      >
        {t('layers.title')} <span aria-hidden="true">▾</span>
      </button>
      <div id="layer-toggles" className="toggle-group layer-panel__toggles" role="group" aria-label={t('layers.title')} data-testid="layer-panel">
        <span className="toggle-group__label" aria-hidden="true">
          {t('layers.title')}
        </span>
        {layers.map((layer) => (
          <button
            key={layer}
            type="button"
            className="toggle"
            aria-pressed={visibility[layer]}
            data-testid={`layer-toggle-${layer}`}
            title={t(`layers.${layer}Title`)}
            onClick={() => onToggle(layer)}
          >
            {t(`layers.${layer}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
