import { useTranslation } from 'react-i18next';
import type { LayerVisibility } from '../map/board-map';

const LAYERS: (keyof LayerVisibility)[] = ['vehicles', 'depots', 'quickpicks', 'labels', 'coverage', 'heat'];

type LayerPanelProps = {
  visibility: LayerVisibility;
  onToggle(layer: keyof LayerVisibility): void;
};

/** Layer switches as a compact toggle group: always in reach, one click each. */
export function LayerPanel({ visibility, onToggle }: LayerPanelProps) {
  const { t } = useTranslation('app');
  return (
    <div className="toggle-group" role="group" aria-label={t('layers.title')}>
      <span className="toggle-group__label">{t('layers.title')}</span>
      {LAYERS.map((layer) => (
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
  );
}
