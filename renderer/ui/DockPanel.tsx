import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type DockPanelProps = {
  testId: string;
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** Actions that must stay in view however far the body is scrolled (e.g. restoring the link). */
  footer?: ReactNode;
};

/**
 * A panel docked at the map's top-left, opened from the top bar (link health, conflicts).
 * The side panel owns the right edge, so both can be read at once; it stays open while
 * the officer works on the map, and closes with × or Escape (handled by App).
 */
export function DockPanel({ testId, title, onClose, children, footer }: DockPanelProps) {
  const { t } = useTranslation('ui');
  return (
    <section className="dock-panel" data-testid={testId} data-map-obstacle="" aria-label={typeof title === 'string' ? title : undefined}>
      <header className="dock-panel__header">
        <h2 className="dock-panel__title">{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('panel.close')} title={`${t('panel.close')} (Esc)`} data-testid="dock-close">
          ×
        </button>
      </header>
      {/* Focusable: a keyboard scrolls a long body (axe: scrollable-region-focusable). */}
      <div className="dock-panel__body" tabIndex={0}>
        {children}
      </div>
      {footer ? <footer className="dock-panel__footer">{footer}</footer> : null}
    </section>
  );
}
