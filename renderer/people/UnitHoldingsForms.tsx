import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_AREA_FILE_CHARS, parseAreaFile, type AreaFileProblem, type AreaFileResult } from '../../shared/scope/area-file';
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

/** An area read from a file the administrator chose: its name and what it held. */
export type AreaPick = { fileName: string; result: AreaFileResult };

/** A file's area problem in words. */
export function areaProblemText(t: (key: string, options?: Record<string, unknown>) => string, p: AreaFileProblem): string {
  switch (p.code) {
    case 'too_large':
      return t('units.areaProblem.too_large', { mb: Math.round(MAX_AREA_FILE_CHARS / 1024 / 1024) });
    case 'many_parts':
      return t('units.areaProblem.many_parts', { parts: p.parts });
    case 'not_json':
    case 'bad_ring':
      return t(`units.areaProblem.${p.code}`, { detail: p.detail });
    default:
      return t(`units.areaProblem.${p.code}`);
  }
}

/**
 * A unit's area from a GeoJSON file (shared/scope/area-file.ts): the file chooser, then what it
 * held — its number of points, or why it cannot be used. Whether it fits the tree is the
 * central's to say when the form is sent.
 */
export function AreaField({ area, required, tried, onPick }: { area: AreaPick | null; required: boolean; tried: boolean; onPick(area: AreaPick | null): void }) {
  const { t } = useTranslation('people');
  const id = useId();
  const read = async (file: File | undefined) => {
    if (!file) return onPick(null);
    // Told before reading a file far too large to be an outline.
    if (file.size > MAX_AREA_FILE_CHARS * 4) return onPick({ fileName: file.name, result: { ok: false, problem: { code: 'too_large', chars: file.size } } });
    onPick({ fileName: file.name, result: parseAreaFile(await file.text()) });
  };
  const missing = tried && required && !area;
  return (
    <>
      <label htmlFor={id}>{t(required ? 'units.areaFileRequired' : 'units.areaFile')}</label>
      <div className="form-grid__field people-area-field">
        <input id={id} type="file" data-testid="unit-area-file" accept=".geojson,.json,application/geo+json,application/json" aria-invalid={missing || (area && !area.result.ok) ? true : undefined} onChange={(e) => void read(e.target.files?.[0])} />
        {area ? (
          area.result.ok ? (
            <div className="muted small" data-testid="unit-area-read" data-points={area.result.points}>
              {t('units.areaRead', { file: area.fileName, points: area.result.points })}
            </div>
          ) : (
            <div className="inline-error" role="alert" data-testid="unit-area-problem">
              {t('units.areaUnreadable', { file: area.fileName })}
              {areaProblemText(t, area.result.problem)}
            </div>
          )
        ) : missing ? (
          <div className="inline-error" role="alert" data-testid="unit-area-problem">
            {t('units.areaMissing')}
          </div>
        ) : (
          <div className="muted small">{t('units.areaHint')}</div>
        )}
      </div>
    </>
  );
}

/** Setting the selected unit's area from a file: its outline replaced, checked by the central against its parent's and its siblings'. */
export function UnitAreaForm({ unit, area, tried, language, onPick, ...form }: Common & { area: AreaPick | null; tried: boolean; onPick(area: AreaPick | null): void }) {
  const { t } = useTranslation('people');
  return (
    <UnitFormShell testId="unit-area-form" title={t('units.areaTitle', { unit: unitName(unit, language) })} submitLabel={t('units.submitArea')} submitDisabled={!area?.result.ok} {...form}>
      <div className="form-grid">
        <AreaField area={area} required tried={tried} onPick={onPick} />
      </div>
      <div className="panel-note muted">{t(unit.area ? 'units.areaReplaceHint' : 'units.areaNewHint')}</div>
    </UnitFormShell>
  );
}
