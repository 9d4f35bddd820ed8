import { useTranslation } from 'react-i18next';

/** Over the map while the local backend is unreachable: what is shown is the last known state. */
export function HostBanner() {
  const { t } = useTranslation('app');
  return (
    <div className="host-banner" role="alert" data-testid="host-banner">
      <strong>{t('host.lost')}</strong>
      <span>{t('host.lostHint')}</span>
    </div>
  );
}
