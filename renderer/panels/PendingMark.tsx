import { useTranslation } from 'react-i18next';

/** "待上传": recorded here, not yet accepted by the central. */
export function PendingMark() {
  const { t } = useTranslation();
  return (
    <span className="pending-mark" data-testid="pending-mark" title={t('pending.title')}>
      <span aria-hidden="true">↑</span> {t('pending.mark')}
    </span>
  );
}
