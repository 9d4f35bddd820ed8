import { useTranslation } from 'react-i18next';
import type { Unit } from '../../shared/scope/schema';
import { unitName, type AssignCandidate } from './unit-admin';
import { UnitFormShell } from './UnitFormShell';

/** What an administrator hands to a unit: one of the console's sites or vehicles. */
export type AssignTable = 'site' | 'vehicle';

type Common = {
  unit: Unit;
  busy: boolean;
  refusal: readonly string[] | null;
  language: string;
  onSubmit(): void;
  onCancel(): void;
};

/**
 * Removing the selected unit: what may go (a leaf that holds nothing, nothing on record), asked
 * once. The central decides; its refusal names what the unit still holds.
 */
export function UnitRemoveForm({ unit, language, ...form }: Common) {
  const { t } = useTranslation('people');
  return (
    <UnitFormShell testId="unit-remove-form" title={t('units.removeTitle', { unit: unitName(unit, language) })} submitLabel={t('units.submitRemove')} danger {...form}>
      <div className="panel-note muted">{t('units.removeHint')}</div>
    </UnitFormShell>
  );
}

type AssignProps = Common & {
  table: AssignTable;
  /** The chosen site's or vehicle's id ('' until one is chosen). */
  id: string;
  candidates: readonly AssignCandidate[];
  unitNameOf(unitId: string): string;
  /** Submitted without a choice. */
  tried: boolean;
  onEdit(table: AssignTable, id: string): void;
};

/** Handing a site or a vehicle to the selected unit: which kind, which one (with whose it is now). */
export function UnitAssignForm({ unit, table, id, candidates, unitNameOf, tried, language, onEdit, ...form }: AssignProps) {
  const { t } = useTranslation('people');
  const what = t(table === 'site' ? 'units.assignSite' : 'units.assignVehicle');
  const missing = tried && !candidates.some((c) => c.id === id);
  return (
    <UnitFormShell testId="unit-assign-form" title={t('units.assignTitle', { unit: unitName(unit, language) })} submitLabel={t('units.submitAssign')} submitDisabled={candidates.length === 0} {...form}>
      <div className="form-grid">
        <label htmlFor="unit-assign-table">{t('units.assignTable')}</label>
        <div className="form-grid__field">
          <select id="unit-assign-table" data-testid="unit-assign-table" autoFocus value={table} onChange={(e) => onEdit(e.target.value as AssignTable, '')}>
            <option value="site">{t('units.assignSite')}</option>
            <option value="vehicle">{t('units.assignVehicle')}</option>
          </select>
        </div>
        <label htmlFor="unit-assign-which">{t('units.assignWhich')}</label>
        <div className="form-grid__field">
          <select id="unit-assign-which" data-testid="unit-assign-which" value={id} disabled={candidates.length === 0} aria-invalid={missing ? true : undefined} onChange={(e) => onEdit(table, e.target.value)}>
            <option value="">{candidates.length === 0 ? t('units.assignNone', { what }) : t('units.assignPick')}</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label} · {t('units.assignNow', { unit: c.unitId === null ? t('units.kind.city') : unitNameOf(c.unitId) })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="panel-note muted">{t('units.assignHint')}</div>
      {missing ? (
        <div className="inline-error" role="alert" data-testid="unit-form-problems">
          {t('units.assignMissing', { what })}
        </div>
      ) : null}
    </UnitFormShell>
  );
}
