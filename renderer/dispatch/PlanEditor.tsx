import { useTranslation } from 'react-i18next';
import type { Site, Vehicle } from '../../shared/domain';
import { cssColor, runColor } from '../../shared/palette';
import { changeSource, removeRun, setQuantity, swapVehicle, type EditError, type EditRun } from './plan-edit';
import type { PlanNames } from './PlanList';

export type VehicleChoice = { vehicle: Vehicle; distanceKm: number | null };

type PlanEditorProps = {
  runs: readonly EditRun[];
  onChange(runs: EditRun[]): void;
  /** Vehicles that can take a run: available ones, nearest to the run's first pickup first. */
  vehicleChoices(run: EditRun): VehicleChoice[];
  sites: readonly Site[];
  /** Quantity each site holds per item ('siteId/itemId'), once loaded. */
  stock: ReadonlyMap<string, number> | null;
  names: PlanNames;
  errors: readonly EditError[];
  /** Vehicles the backend found a problem with (unavailable, over capacity, twice). */
  problemVehicles: ReadonlySet<string>;
};

/**
 * Editing a recommended plan before dispatching it: another vehicle for a run, another
 * site for a pickup, another quantity (0 takes it off the vehicle). Native selects and
 * fields, so it all works from the keyboard; a whole vehicle can be taken off while more
 * than one is left. Every edit is timed and checked again by the
 * backend (dispatch.retime, shown under the editor) before it can be dispatched.
 */
export function PlanEditor({ runs, onChange, vehicleChoices, sites, stock, names, errors, problemVehicles }: PlanEditorProps) {
  const { t } = useTranslation('dispatch');
  const qtyError = (ri: number, pi: number) => errors.some((e) => e.key === 'quantity' && e.runIndex === ri && e.pickupIndex === pi);
  return (
    <div className="plan-editor" data-testid="plan-editor">
      {runs.map((run, ri) => {
        const choices = vehicleChoices(run);
        const badVehicle = problemVehicles.has(run.vehicleId) || errors.some((e) => (e.key === 'vehicleTwice' || e.key === 'vehicleUnavailable') && e.vehicleId === run.vehicleId);
        return (
          <fieldset key={ri} className="edit-run">
            <legend>
              <span className="run-swatch" style={{ background: cssColor(runColor(ri)) }} aria-hidden="true" />
              {t('edit.run', { n: ri + 1 })}
              {runs.length > 1 && (
                <button
                  type="button"
                  className="link-button"
                  data-testid={`edit-remove-${ri}`}
                  aria-label={t('edit.removeLabel', { n: ri + 1 })}
                  onClick={() => onChange(removeRun(runs, ri))}
                >
                  {t('edit.remove')}
                </button>
              )}
            </legend>
            <div className="form-grid">
              <label htmlFor={`edit-vehicle-${ri}`}>{t('edit.vehicle')}</label>
              <div className="form-grid__field">
                <select
                  id={`edit-vehicle-${ri}`}
                  data-testid={`edit-vehicle-${ri}`}
                  value={run.vehicleId}
                  aria-invalid={badVehicle ? true : undefined}
                  onChange={(e) => onChange(swapVehicle(runs, ri, e.target.value))}
                >
                  {choices.map(({ vehicle: v, distanceKm }) => (
                    <option key={v.id} value={v.id}>
                      {t('edit.vehicleOption', {
                        plate: v.plate,
                        kind: t(`format:vehicleKind.${v.kind}`),
                        capacity: v.capacity,
                        distance: distanceKm === null ? '—' : distanceKm.toFixed(1),
                      })}
                    </option>
                  ))}
                </select>
              </div>
              {run.pickups.map((p, pi) => (
                <div key={pi} className="edit-pickup" role="group" aria-label={names.item(p.itemId)}>
                  <label htmlFor={`edit-site-${ri}-${pi}`}>{names.item(p.itemId)}</label>
                  <div className="form-grid__field">
                    <select
                      id={`edit-site-${ri}-${pi}`}
                      data-testid={`edit-site-${ri}-${pi}`}
                      value={p.siteId}
                      onChange={(e) => onChange(changeSource(runs, ri, pi, e.target.value))}
                    >
                      {sites.map((s) => {
                        const have = stock?.get(`${s.id}/${p.itemId}`);
                        return (
                          <option key={s.id} value={s.id}>
                            {have === undefined ? names.site(s.id) : t('edit.siteOption', { site: names.site(s.id), quantity: have.toLocaleString() })}
                          </option>
                        );
                      })}
                    </select>
                    <input
                      type="text"
                      inputMode="numeric"
                      data-testid={`edit-qty-${ri}-${pi}`}
                      aria-label={t('edit.quantity')}
                      aria-invalid={qtyError(ri, pi) ? true : undefined}
                      value={p.quantity}
                      onChange={(e) => onChange(setQuantity(runs, ri, pi, e.target.value))}
                    />
                    <span className="unit">{names.unit(p.itemId)}</span>
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
