import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { useGrant } from './grant';
import { InlineForm } from './InlineForm';

/**
 * 保养登记's reading field: the odometer as read at a service, in km, prefilled with the odometer
 * on record; Enter records it (`vehicle.recordService`), Esc closes. Queued: `onRecorded`. Refused:
 * the reason in words under the field, which stays open for a corrected reading. Shared by the
 * readiness panel's 车辆保养 list and the vehicle panel.
 */
export function OdometerForm({ client, vehicleId, initial, onRecorded, onClose }: { client: BoardClient; vehicleId: string; initial: number | null; onRecorded(): void; onClose(): void }) {
  const { t, i18n } = useTranslation('ui');
  const num = numberFormat(currentLanguage(i18n));
  const commandIds = useCommandIds();
  const grant = useGrant()('vehicle.recordService');
  const [reading, setReading] = useState(initial === null ? '' : String(Math.round(initial)));
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const submit = async () => {
    const km = Number(reading.replace(/[,\s，]/g, ''));
    if (!reading.trim() || !Number.isFinite(km) || km < 0) {
      setState({ busy: false, error: t('odometer.bad') });
      return;
    }
    setState({ busy: true, error: null });
    try {
      await sendCommand(client, commandIds, 'vehicle.recordService', { vehicleId, odometerKm: km });
      setState({ busy: false, error: null });
      onRecorded();
    } catch (e) {
      setState({ busy: false, error: errorText(t, e, { number: (n) => num.format(n) }) });
    }
  };
  return (
    <InlineForm
      testId="vehicle-service-form"
      onSubmit={() => void submit()}
      onClose={onClose}
      busy={state.busy}
      grant={grant}
      confirm={{ label: t('odometer.record'), testId: 'vehicle-service-confirm' }}
      cancel={t('odometer.cancel')}
      error={state.error ? { text: state.error, testId: 'vehicle-service-error' } : null}
    >
      <label>
        {t('odometer.label')}
        <input
          type="text"
          inputMode="decimal"
          autoFocus
          data-testid="vehicle-service-reading"
          value={reading}
          onChange={(e) => setReading(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && onClose()}
          aria-invalid={state.error !== null}
        />
        <span>{t('odometer.km')}</span>
      </label>
    </InlineForm>
  );
}
