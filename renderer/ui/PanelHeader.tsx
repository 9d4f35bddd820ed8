import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The coloured kind under a side panel's title: a site kind, a vehicle status. */
export type KindChip = {
  label: string;
  /** A CSS colour; it also accents the header's edge. */
  color: string;
  testId?: string;
  /** Written to data-status, for tests and styles. */
  status?: string;
};

type PanelHeaderProps = {
  title: ReactNode;
  chip?: KindChip;
  /** After the chip: marks such as "pending upload". */
  marks?: ReactNode;
  onClose(): void;
};

/** A side panel's header (site, vehicle): title, kind chip and marks, and the close button. */
export function PanelHeader({ title, chip, marks, onClose }: PanelHeaderProps) {
  const { t } = useTranslation('ui');
  const subtitle =
    chip || marks ? (
      <>
        {chip ? (
          <span className="kind-chip" data-testid={chip.testId} data-status={chip.status}>
            <span className="dot" style={{ background: chip.color }} />
            {chip.label}
          </span>
        ) : null}
        {marks}
      </>
    ) : null;
  return (
    <header className="side-panel__header" style={chip ? { borderLeftColor: chip.color } : undefined}>
      <div className="side-panel__titles">
        <h2 className="side-panel__title">{title}</h2>
        {subtitle ? <div className="side-panel__subtitle">{subtitle}</div> : null}
      </div>
      <button type="button" className="icon-button" onClick={onClose} aria-label={t('panel.close')} title={`${t('panel.close')} (Esc)`} data-testid="panel-close">
        ×
      </button>
    </header>
  );
}
