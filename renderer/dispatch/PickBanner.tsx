import { useTranslation } from 'react-i18next';

/** Over the map while the officer picks a request's destination on it. */
export function PickBanner() {
  const { t } = useTranslation('dispatch');
  return (
    <div className="pick-banner" role="status" data-testid="pick-banner">
      {t('request.pickBanner')}
    </div>
  );
}
