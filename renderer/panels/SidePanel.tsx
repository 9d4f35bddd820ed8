import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type SidePanelProps = {
  testId: string;
  title: ReactNode;
  subtitle?: ReactNode;
  accent?: string;
  onClose(): void;
  children: ReactNode;
};

/** The right-hand detail panel frame; Escape also closes it (handled by App). */
export function SidePanel({ testId, title, subtitle, accent, onClose, children }: SidePanelProps) {
  const { t } = useTranslation();
  return (
    <aside className="side-panel" data-testid="side-panel" aria-label={typeof title === 'string' ? title : undefined}>
      <section data-testid={testId} className="side-panel__body">
        <header className="side-panel__header" style={accent ? { borderLeftColor: accent } : undefined}>
          <div className="side-panel__titles">
            <h2 className="side-panel__title">{title}</h2>
            {subtitle ? <div className="side-panel__subtitle">{subtitle}</div> : null}
          </div>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('panel.close')} title={`${t('panel.close')} (Esc)`} data-testid="panel-close">
            ×
          </button>
        </header>
        {children}
      </section>
    </aside>
  );
}
