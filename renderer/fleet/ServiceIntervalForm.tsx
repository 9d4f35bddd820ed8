import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_INTERVAL_KM, SERVICE_INTERVAL_MONTHS } from '../../shared/fleet/commands/vehicle-set-service-interval';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { InlineForm } from '../ui/InlineForm';

/**
 * 保养周期: a vehicle's service interval by km and by months (whichever comes first), a
 * supervisor's or an administrator's (`vehicle.setServiceInterval`). Prefilled with the interval
 * on record; Enter sets it, Esc closes; a number out of range is said under the fields, in words,
 * before anything is sent. Queued: `onSet`.
 */
export function ServiceIntervalForm({ client, vehicleId, km, months, onSet, onClose }: { client: BoardClient; vehicleId: string; km: number; months: number; onSet(): void; onClose(): void }) {
  const { t, i18n } = useTranslation('fleet');
  const num = numberFormat(currentLanguage(i18n));
  const commandIds = useCommandIds();
  const grant = useGrant()('vehicle.setServiceInterval');
  const [value, setValue] = useState({ km: String(km), months: String(months) });
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const whole = (v: string) => (/^\d+$/.test(v.replace(/[,\s，]/g, '')) ? Number(v.replace(/[,\s，]/g, '')) : null);
  const submit = async () => {
    const k = whole(value.km);
    const m = whole(value.months);
    if (k === null || k < SERVICE_INTERVAL_KM.min || k > SERVICE_INTERVAL_KM.max || m === null || m < SERVICE_INTERVAL_MONTHS.min || m > SERVICE_INTERVAL_MONTHS.max) {
      setState({ busy: false, error: t('serviceInterval.bad', { minKm: num.format(SERVICE_INTERVAL_KM.min), maxKm: num.format(SERVICE_INTERVAL_KM.max), minMonths: SERVICE_INTERVAL_MONTHS.min, maxMonths: SERVICE_INTERVAL_MONTHS.max }) });
      return;
    }
    setState({ busy: true, error: null });
    try {
      await sendCommand(client, commandIds, 'vehicle.setServiceInterval', { vehicleId, intervalKm: k, intervalMonths: m });
      setState({ busy: false, error: null });
      onSet();
    } catch (e) {
      setState({ busy: false, error: errorText(t, e) });
    }
  };
  const esc = (e: React.KeyboardEvent) => e.key === 'Escape' && onClose();
  return (
    <InlineForm
      testId="service-interval-form"
      onSubmit={() => void submit()}
      onClose={onClose}
      busy={state.busy}
      grant={grant}
      confirm={{ label: t('serviceInterval.set'), testId: 'service-interval-confirm' }}
      cancel={t('serviceInterval.cancel')}
      error={state.error ? { text: state.error, testId: 'service-interval-error' } : null}
    >
      <label>
        {t('serviceInterval.every')}
        <input type="text" inputMode="numeric" autoFocus data-testid="service-interval-km" value={value.km} onChange={(e) => setValue({ ...value, km: e.target.value })} onKeyDown={esc} aria-invalid={state.error !== null} />
        <span>{t('serviceInterval.km')}</span>
      </label>
      <label>
        {t('serviceInterval.or')}
        <input type="text" inputMode="numeric" className="inline-form__short" data-testid="service-interval-months" value={value.months} onChange={(e) => setValue({ ...value, months: e.target.value })} onKeyDown={esc} aria-invalid={state.error !== null} />
        <span>{t('serviceInterval.months')}</span>
      </label>
    </InlineForm>
  );
}
