import type { TFunction } from 'i18next';
import { BoardError, decodeTreeProblems } from '../../shared/board-api';
import { UNIT_KINDS, type Unit, type UnitKind } from '../../shared/scope/schema';
import { PARENT_KINDS } from '../../shared/scope/tree';

/**
 * The administrator's work on the command tree (指挥体系), as pure rules: the tree as an
 * indented list, what may sit under a unit, where a unit may move, and a refusal in words.
 * The central checks every change again (central/scope/units-admin.ts); these only spare the
 * administrator a refusal they could have seen coming.
 */

export type UnitRow = { unit: Unit; depth: number };

/** City → counties → stations → posts, each under its parent, siblings by kind then name; a unit whose parent is missing last, at the top level. */
export function unitRows(units: readonly Unit[]): UnitRow[] {
  const children = new Map<string | null, Unit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const order = (a: Unit, b: Unit) => UNIT_KINDS.indexOf(a.kind) - UNIT_KINDS.indexOf(b.kind) || a.nameEn.localeCompare(b.nameEn);
  const out: UnitRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort(order)) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The kinds that may sit under a unit of this kind (a county's own street post too). */
export function childKinds(kind: UnitKind): UnitKind[] {
  return UNIT_KINDS.filter((k) => PARENT_KINDS[k].includes(kind));
}

/** The units `unitId` may move under: of a kind its kind may sit under, never itself or one of its own descendants. */
export function moveTargets(units: readonly Unit[], unitId: string): Unit[] {
  const unit = units.find((u) => u.id === unitId);
  if (!unit) return [];
  const below = new Set([unitId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units) {
      if (u.parentId !== null && below.has(u.parentId) && !below.has(u.id)) {
        below.add(u.id);
        grew = true;
      }
    }
  }
  return unitRows(units)
    .map((r) => r.unit)
    .filter((u) => !below.has(u.id) && u.id !== unit.parentId && PARENT_KINDS[unit.kind].includes(u.kind));
}

/** A new unit's id: readable in logs, unique enough for one administrator's afternoon and checked by the central anyway. */
export function newUnitId(random: () => string = () => crypto.randomUUID()): string {
  return `unit-${random().replace(/-/g, '').slice(0, 10)}`;
}

export type UnitDraft = { kind: UnitKind; name: string; nameEn: string };

export type UnitDraftProblem = 'name' | 'nameEn';

export function unitDraftProblems(d: Pick<UnitDraft, 'name' | 'nameEn'>): UnitDraftProblem[] {
  const out: UnitDraftProblem[] = [];
  if (d.name.trim() === '' || d.name.length > 200) out.push('name');
  if (d.nameEn.trim() === '' || d.nameEn.length > 200) out.push('nameEn');
  return out;
}

/** A unit's name in the board's language. */
export const unitName = (u: Pick<Unit, 'name' | 'nameEn'>, language: string): string => (language === 'en' ? u.nameEn : u.name);

/**
 * A refused change to the tree, in words: one sentence per problem the central named (a cycle,
 * an orphan, a move under its own child...), each naming its unit; any other refusal as the
 * board says it (`other`).
 */
export function treeRefusalLines(t: TFunction, error: unknown, nameOf: (unitId: string) => string, other: (error: unknown) => string): string[] {
  if (!(error instanceof BoardError) || error.code !== 'bad_tree') return [other(error)];
  const problems = decodeTreeProblems(error.params?.problems);
  if (problems.length === 0) return [t('people:units.problem.unknown')];
  // A cycle names every unit on it: one sentence for the loop.
  const cycle = problems.filter((p) => p.code === 'cycle');
  const lines = [
    ...(cycle.length > 0 ? [t('people:units.problem.cycle', { units: cycle.map((p) => (p.unitId ? nameOf(p.unitId) : '—')).join(t('people:units.separator')) })] : []),
    ...problems.filter((p) => p.code !== 'cycle').map((p) => t(`people:units.problem.${p.code}`, { unit: p.unitId ? nameOf(p.unitId) : '—', defaultValue: t('people:units.problem.unknown') })),
  ];
  return [...new Set(lines)];
}

/** A site or a vehicle an administrator may hand to a unit: how the list names it, and whose it is now. */
export type AssignCandidate = { id: string; label: string; unitId: string | null };
type Holdable = { id: string; unitId?: string; neighbour?: true };

/**
 * What may be handed to `unitId`: the sites or vehicles of this console's own scope (a
 * neighbour's, drawn read-only, is not this administrator's to move) not already its own, by
 * name. A row without a unit is the city's.
 */
export function assignCandidates<T extends Holdable>(rows: readonly T[], unitId: string, label: (row: T) => string): AssignCandidate[] {
  return rows
    .filter((r) => !r.neighbour && r.unitId !== unitId)
    .map((r) => ({ id: r.id, label: label(r), unitId: r.unitId ?? null }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id));
}

/** How many sites and vehicles belong to a unit directly (not through its children): what stops its removal, in part. */
export function directHoldings(unitId: string, sites: readonly Holdable[], vehicles: readonly Holdable[], rootId: string | null): { sites: number; vehicles: number } {
  const own = (r: Holdable) => !r.neighbour && (r.unitId ?? rootId) === unitId;
  return { sites: sites.filter(own).length, vehicles: vehicles.filter(own).length };
}
