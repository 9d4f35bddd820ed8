import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * 保养登记's reading field: the odometer as read at a service, in km, prefilled with the odometer
 * on record; Enter records, Esc closes. `onRecord` answers null when the service is queued, or the
 * refusal in words (shown under the field, which stays open for a corrected reading). Shared by the
 * readiness panel's 车辆保养 list and the vehicle panel.
 */
export function OdometerForm({ initial, onRecord, onClose }: { initial: number | null; onRecord(km: number): Promise<string | null>; onClose(): void }) {
  const { t } = useTranslation('ui');
  const [reading, setReading] = useState(initial === null ? '' : String(Math.round(initial)));
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const submit = async () => {
    const km = Number(reading.replace(/[,\s，]/g, ''));
    if (!reading.trim() || !Number.isFinite(km) || km < 0) {
      setState({ busy: false, error: t('odometer.bad') });
      return;
    }
    setState({ busy: true, error: null });
    const error = await onRecord(km);
    setState({ busy: false, error });
  };
  return (
    <form
      className="odometer-form"
      data-testid="vehicle-service-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
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
      <button type="submit" className="action-button action-button--primary" data-testid="vehicle-service-confirm" disabled={state.busy}>
        {t('odometer.record')}
      </button>
      <button type="button" className="action-button" onClick={onClose}>
        {t('odometer.cancel')}
      </button>
      {state.error ? (
        <div className="inline-error" role="alert" data-testid="vehicle-service-error">
          {state.error}
        </div>
      ) : null}
    </form>
  );
}
