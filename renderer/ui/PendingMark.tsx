import { useTranslation } from 'react-i18next';
import type { PendingState } from './pending-marks';

/**
 * "待上传": recorded here, not yet accepted by the central. "结果未知 · 重试中": the last
 * answer was unreadable; the same command is sent again until the central answers (it is
 * never a conflict, and never issued twice).
 */
export function PendingMark({ state = 'waiting' }: { state?: PendingState | undefined }) {
  const { t } = useTranslation('ui');
  return (
    <span className={`pending-mark pending-mark--${state}`} data-testid="pending-mark" data-state={state} title={t(state === 'unknown' ? 'pending.unknownTitle' : 'pending.title')}>
      <span aria-hidden="true">{state === 'unknown' ? '?' : '↑'}</span> {t(state === 'unknown' ? 'pending.unknown' : 'pending.mark')}
    </span>
  );
}
