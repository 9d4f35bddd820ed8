import { useTranslation } from 'react-i18next';
import type { BoardClient } from '../api/board-client';
import { bellState } from './alert-desk';
import { useAlerts } from './use-alerts';

/**
 * The top bar's bell: how many alerts nobody has answered, in the worst one's colour (and
 * its word in the title: never colour alone). It opens and closes the alert desk.
 */
export function AlertBell({ client, open, onToggle }: { client: BoardClient; open: boolean; onToggle(): void }) {
  const { t } = useTranslation('alerts');
  const { list } = useAlerts(client);
  const { count, level } = bellState(list?.alerts ?? []);
  const title = `${t('alerts.indicatorTitle', { count })}${level ? ` · ${t(`alerts.level.${level}`)}` : ''}`;
  return (
    <button
      type="button"
      className={`tool-button alert-bell${level ? ` alert-bell--${level}` : ''}`}
      data-testid="alert-indicator"
      data-count={count}
      data-level={level ?? 'none'}
      aria-expanded={open}
      aria-haspopup="dialog"
      title={title}
      onClick={onToggle}
    >
      {/* The top bar is full at 1920 px with the layer switches in it: no dot here, the count takes the level's colour and the title says its word. */}
      {t('alerts.indicator')} <strong>{count}</strong>
    </button>
  );
}
