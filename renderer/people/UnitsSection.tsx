import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardSite, BoardVehicle } from '../../shared/board/api';
import type { Unit, UnitKind } from '../../shared/scope/schema';
import type { BoardClient } from '../api/board-client';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { assignCandidates, childKinds, directHoldings, moveTargets, newUnitId, treeRefusalLines, unitDraftProblems, unitName, unitRows, type UnitRow } from './unit-admin';
import { UnitFormShell } from './UnitFormShell';
import { AreaField, UnitAreaForm, UnitAssignForm, UnitRemoveForm, type AreaPick, type AssignTable } from './UnitHoldingsForms';

type UnitTask =
  | { kind: 'none' }
  | { kind: 'add'; parent: Unit; unitKind: UnitKind; name: string; nameEn: string; area: AreaPick | null }
  | { kind: 'rename'; unit: Unit; name: string; nameEn: string }
  | { kind: 'move'; unit: Unit; parentId: string }
  | { kind: 'remove'; unit: Unit }
  | { kind: 'assign'; unit: Unit; table: AssignTable; id: string }
  | { kind: 'area'; unit: Unit; area: AreaPick | null };

type Notice = { key: 'added' | 'renamed' | 'moved' | 'removed' | 'assigned' | 'areaSet'; unit: string; parent?: string; what?: string };

type UnitsSectionProps = {
  client: BoardClient;
  /** The tree from the central (null: still reading it). */
  units: Unit[] | null;
  loadError: string | null;
  /** A change went through: read the tree (and the users) again. */
  onChanged(): void;
  /** Any refusal but a broken tree, in words (the users panel's: without the central, that is said plainly). */
  refusalText(error: unknown): string;
  /** The board's sites and vehicles (this console's scope): what may be handed to a unit. */
  sites: readonly BoardSite[];
  vehicles: readonly BoardVehicle[];
};

/**
 * 指挥体系: the command tree as an indented list (city → counties → stations → posts), and an
 * administrator's changes to it — a unit added under the one selected, renamed, moved under
 * another parent, a site or a vehicle handed to it, an unused one removed. Each is made at the
 * central, which checks the whole tree first; a refusal says in words what the change would
 * have broken (a cycle, an orphan, a move under its own child, a unit still in use), and
 * nothing is written.
 */
export function UnitsSection({ client, units, loadError, onChanged, refusalText, sites, vehicles }: UnitsSectionProps) {
  const { t, i18n } = useTranslation('people');
  const language = currentLanguage(i18n);
  const grant = useGrant()('unit.save');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [task, setTask] = useState<UnitTask>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [tried, setTried] = useState(false);

  const list = units ?? [];
  const selected = list.find((u) => u.id === selectedId) ?? null;
  const nameOf = (id: string) => {
    const u = list.find((x) => x.id === id);
    return u ? unitName(u, language) : id;
  };
  const start = (next: UnitTask) => {
    setTask(next);
    setRefusal(null);
    setNotice(null);
    setTried(false);
  };
  const addable = selected ? childKinds(selected.kind) : [];
  const targets = selected ? moveTargets(list, selected.id) : [];
  const rootId = list.find((u) => u.parentId === null)?.id ?? null;
  const holdings = selected ? directHoldings(selected.id, sites, vehicles, rootId) : null;
  const siteLabel = (s: BoardSite) => (language === 'en' ? s.nameEn : s.name);
  const vehicleLabel = (v: BoardVehicle) => `${v.plate}（${v.id}）`;
  const candidates =
    task.kind === 'assign' ? (task.table === 'site' ? assignCandidates(sites, task.unit.id, siteLabel) : assignCandidates(vehicles, task.unit.id, vehicleLabel)) : [];

  const submit = async () => {
    if (task.kind === 'none') return;
    if ((task.kind === 'add' || task.kind === 'rename') && unitDraftProblems(task).length > 0) {
      setTried(true);
      return;
    }
    // A county tiles the city: it cannot be added without its area; an area read from a file must have been readable.
    const needsArea = (task.kind === 'add' && task.unitKind === 'county') || task.kind === 'area';
    const area = task.kind === 'add' || task.kind === 'area' ? task.area : null;
    if ((needsArea && !area) || (area && !area.result.ok)) {
      setTried(true);
      return;
    }
    const areaValue = area?.result.ok ? area.result.area : null;
    setBusy(true);
    setRefusal(null);
    try {
      if (task.kind === 'add') {
        const unit: Unit = { id: newUnitId(), kind: task.unitKind, name: task.name.trim(), nameEn: task.nameEn.trim(), parentId: task.parent.id, area: areaValue };
        await client.call('unit.save', { unit });
        setSelectedId(unit.id);
        setNotice({ key: 'added', unit: unitName(unit, language) });
      } else if (task.kind === 'rename') {
        const unit = { ...task.unit, name: task.name.trim(), nameEn: task.nameEn.trim() };
        await client.call('unit.save', { unit });
        setNotice({ key: 'renamed', unit: unitName(unit, language) });
      } else if (task.kind === 'move') {
        await client.call('unit.move', { unitId: task.unit.id, parentId: task.parentId });
        setNotice({ key: 'moved', unit: unitName(task.unit, language), parent: nameOf(task.parentId) });
      } else if (task.kind === 'area') {
        await client.call('unit.save', { unit: { ...task.unit, area: areaValue } });
        setNotice({ key: 'areaSet', unit: unitName(task.unit, language) });
      } else if (task.kind === 'remove') {
        await client.call('unit.remove', { unitId: task.unit.id });
        setSelectedId(task.unit.parentId);
        setNotice({ key: 'removed', unit: unitName(task.unit, language) });
      } else {
        const picked = candidates.find((c) => c.id === task.id);
        if (!picked) {
          setTried(true);
          return;
        }
        await client.call('unit.assign', { table: task.table, id: task.id, unitId: task.unit.id });
        setNotice({ key: 'assigned', unit: unitName(task.unit, language), what: picked.label });
      }
      setTask({ kind: 'none' });
      onChanged();
    } catch (e) {
      setRefusal(treeRefusalLines(t, e, nameOf, refusalText));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => !busy && start({ kind: 'none' });

  return (
    <div className="people-units" data-testid="units-section">
      <div className="button-row people-toolbar">
        <button
          type="button"
          className="action-button action-button--primary"
          data-testid="unit-add"
          disabled={!grant.ok || busy || !selected || addable.length === 0}
          title={grant.title ?? (selected && addable.length === 0 ? t('units.noChildKinds') : undefined)}
          onClick={() => selected && start({ kind: 'add', parent: selected, unitKind: addable[0]!, name: '', nameEn: '', area: null })}
        >
          + {t('units.add')}
        </button>
        <button type="button" className="action-button" data-testid="unit-rename" disabled={!grant.ok || busy || !selected} title={grant.title} onClick={() => selected && start({ kind: 'rename', unit: selected, name: selected.name, nameEn: selected.nameEn })}>
          {t('units.rename')}
        </button>
        <button
          type="button"
          className="action-button"
          data-testid="unit-move"
          disabled={!grant.ok || busy || !selected || selected.parentId === null || targets.length === 0}
          title={grant.title ?? (selected && targets.length === 0 ? t('units.noTargets') : undefined)}
          onClick={() => selected && start({ kind: 'move', unit: selected, parentId: targets[0]!.id })}
        >
          {t('units.move')}
        </button>
        <button type="button" className="action-button" data-testid="unit-area" disabled={!grant.ok || busy || !selected} title={grant.title} onClick={() => selected && start({ kind: 'area', unit: selected, area: null })}>
          {t('units.area')}
        </button>
        <button
          type="button"
          className="action-button"
          data-testid="unit-assign"
          disabled={!grant.ok || busy || !selected}
          title={grant.title}
          onClick={() => selected && start({ kind: 'assign', unit: selected, table: 'site', id: '' })}
        >
          {t('units.assign')}
        </button>
        <button
          type="button"
          className="action-button action-button--danger"
          data-testid="unit-remove"
          disabled={!grant.ok || busy || !selected || selected.parentId === null}
          title={grant.title ?? (selected && selected.parentId === null ? t('units.rootNotRemovable') : undefined)}
          onClick={() => selected && start({ kind: 'remove', unit: selected })}
        >
          {t('units.remove')}
        </button>
        {units ? <span className="muted small">{t('units.count', { count: units.length })}</span> : null}
      </div>
      {notice ? (
        <div className="panel-note ok" role="status" data-testid="unit-notice">
          {t(`units.${notice.key}`, { unit: notice.unit, parent: notice.parent, what: notice.what })}
        </div>
      ) : null}
      {selected && holdings ? (
        <div className="panel-note muted" data-testid="unit-holds" data-sites={holdings.sites} data-vehicles={holdings.vehicles}>
          {unitName(selected, language)} · {t('units.holds', { sites: holdings.sites, vehicles: holdings.vehicles })}
        </div>
      ) : null}
      {task.kind === 'remove' ? (
        <UnitRemoveForm unit={task.unit} busy={busy} refusal={refusal} language={language} onSubmit={() => void submit()} onCancel={cancel} />
      ) : task.kind === 'area' ? (
        <UnitAreaForm unit={task.unit} area={task.area} busy={busy} tried={tried} refusal={refusal} language={language} onPick={(area) => setTask({ ...task, area })} onSubmit={() => void submit()} onCancel={cancel} />
      ) : task.kind === 'assign' ? (
        <UnitAssignForm
          unit={task.unit}
          table={task.table}
          id={task.id}
          candidates={candidates}
          unitNameOf={nameOf}
          busy={busy}
          tried={tried}
          refusal={refusal}
          language={language}
          onEdit={(table, id) => setTask({ ...task, table, id })}
          onSubmit={() => void submit()}
          onCancel={cancel}
        />
      ) : task.kind !== 'none' ? (
        <UnitForm task={task} busy={busy} tried={tried} refusal={refusal} addable={addable} targets={targets} language={language} onEdit={setTask} onSubmit={() => void submit()} onCancel={cancel} />
      ) : null}
      {loadError ? (
        <div className="inline-error" role="alert" data-testid="units-error">
          {t('units.loadError', { message: loadError })}
        </div>
      ) : null}
      {units === null ? (
        loadError ? null : <div className="panel-empty">{t('ui:panel.loading')}</div>
      ) : (
        <>
          {selected ? null : <div className="panel-note muted">{t('units.select')}</div>}
          <UnitTreeList rows={unitRows(units)} selectedId={selectedId} language={language} disabled={busy} onSelect={(id) => (task.kind === 'none' || !busy) && setSelectedId(id)} />
        </>
      )}
    </div>
  );
}

type UnitTreeListProps = {
  rows: readonly UnitRow[];
  selectedId: string | null;
  language: string;
  disabled?: boolean;
  onSelect(unitId: string): void;
};

/** The tree, one row per unit, indented by its level: its name and its kind in words. */
export function UnitTreeList({ rows, selectedId, language, disabled, onSelect }: UnitTreeListProps) {
  const { t } = useTranslation('people');
  return (
    <ul className="people-unit-tree" data-testid="unit-tree" aria-label={t('units.title')}>
      {rows.map(({ unit, depth }) => (
        <li key={unit.id} data-testid="unit-row" data-unit-id={unit.id} data-depth={depth} style={{ paddingInlineStart: `${depth * 20}px` }}>
          <button type="button" className="people-unit-tree__unit" aria-pressed={unit.id === selectedId} disabled={disabled} onClick={() => onSelect(unit.id)}>
            <span className="people-unit-tree__name">{unitName(unit, language)}</span>
            <span className={`people-unit-tree__kind people-unit-tree__kind--${unit.kind}`}>{t(`units.kind.${unit.kind}`)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

type UnitFormProps = {
  task: Extract<UnitTask, { kind: 'add' | 'rename' | 'move' }>;
  busy: boolean;
  tried: boolean;
  refusal: readonly string[] | null;
  addable: readonly UnitKind[];
  targets: readonly Unit[];
  language: string;
  onEdit(task: UnitTask): void;
  onSubmit(): void;
  onCancel(): void;
};

/** Adding, renaming or moving the selected unit: its fields, what stops it, the central's refusal in words. */
export function UnitForm({ task, busy, tried, refusal, addable, targets, language, onEdit, onSubmit, onCancel }: UnitFormProps) {
  const { t } = useTranslation('people');
  const problems = task.kind === 'move' ? [] : unitDraftProblems(task);
  const title =
    task.kind === 'add'
      ? t('units.addTitle', { parent: unitName(task.parent, language) })
      : task.kind === 'rename'
        ? t('units.renameTitle', { unit: unitName(task.unit, language) })
        : t('units.moveTitle', { unit: unitName(task.unit, language) });
  const submitLabel = t(task.kind === 'add' ? 'units.submitAdd' : task.kind === 'rename' ? 'units.submitRename' : 'units.submitMove');
  return (
    <UnitFormShell testId={`unit-${task.kind}-form`} title={title} busy={busy} refusal={refusal} submitLabel={submitLabel} onSubmit={onSubmit} onCancel={onCancel}>
      <div className="form-grid">
        {task.kind === 'add' ? (
          <>
            <label htmlFor="unit-kind">{t('units.kindLabel')}</label>
            <div className="form-grid__field">
              <select id="unit-kind" data-testid="unit-kind" value={task.unitKind} onChange={(e) => onEdit({ ...task, unitKind: e.target.value as UnitKind })}>
                {addable.map((k) => (
                  <option key={k} value={k}>
                    {t(`units.kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : null}
        {task.kind === 'move' ? (
          <>
            <label htmlFor="unit-parent">{t('units.parent')}</label>
            <div className="form-grid__field">
              <select id="unit-parent" data-testid="unit-parent" autoFocus value={task.parentId} onChange={(e) => onEdit({ ...task, parentId: e.target.value })}>
                {targets.map((u) => (
                  <option key={u.id} value={u.id}>
                    {unitName(u, language)}（{t(`units.kind.${u.kind}`)}）
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : (
          <>
            <label htmlFor="unit-name">{t('units.name')}</label>
            <div className="form-grid__field">
              <input id="unit-name" data-testid="unit-name" autoFocus autoComplete="off" maxLength={200} value={task.name} aria-invalid={tried && problems.includes('name') ? true : undefined} onChange={(e) => onEdit({ ...task, name: e.target.value })} />
            </div>
            <label htmlFor="unit-name-en">{t('units.nameEn')}</label>
            <div className="form-grid__field">
              <input id="unit-name-en" data-testid="unit-name-en" autoComplete="off" maxLength={200} value={task.nameEn} aria-invalid={tried && problems.includes('nameEn') ? true : undefined} onChange={(e) => onEdit({ ...task, nameEn: e.target.value })} />
            </div>
          </>
        )}
        {task.kind === 'add' ? <AreaField area={task.area} required={task.unitKind === 'county'} tried={tried} onPick={(area) => onEdit({ ...task, area })} /> : null}
      </div>
      {task.kind === 'move' ? <div className="panel-note muted">{t('units.moveHint')}</div> : null}
      {tried && problems.length > 0 ? (
        <ul className="inline-error people-problems" role="alert" data-testid="unit-form-problems">
          {problems.map((p) => (
            <li key={p}>{t(p === 'name' ? 'units.problemName' : 'units.problemNameEn')}</li>
          ))}
        </ul>
      ) : null}
    </UnitFormShell>
  );
}
