import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelHeader, type KindChip } from './PanelHeader';

type SidePanelProps = {
  testId: string;
  title: ReactNode;
  chip?: KindChip;
  marks?: ReactNode;
  onClose(): void;
  children: ReactNode;
};

/** The right-hand detail panel frame; Escape also closes it (handled by App). */
export function SidePanel({ testId, title, chip, marks, onClose, children }: SidePanelProps) {
  return (
    <aside className="side-panel" data-testid="side-panel" data-map-obstacle="" aria-label={typeof title === 'string' ? title : undefined}>
      <section data-testid={testId} className="side-panel__body">
        <PanelHeader title={title} chip={chip} marks={marks} onClose={onClose} />
        {children}
      </section>
    </aside>
  );
}

/** The frame while its detail loads, or once the backend said there is no such thing. */
export function SidePanelPlaceholder({ testId, failed, onClose }: { testId: string; failed: boolean; onClose(): void }) {
  const { t } = useTranslation('ui');
  const text = failed ? t('panel.notFound') : t('panel.loading');
  return (
    <SidePanel testId={testId} title={text} onClose={onClose}>
      <div className="panel-empty">{text}</div>
    </SidePanel>
  );
}
