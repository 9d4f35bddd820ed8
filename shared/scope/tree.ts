import { ON_EDGE_DEGREES, polygonPosition, type PointPosition } from '../polygon';
import type { Unit, UnitKind } from './schema';

/**
 * The unit tree, checked once and then asked many times (every change row, every position, for
 * every console in scope): each unit carries its preorder span, so "is B under A" is two
 * comparisons, and its area as flat rings with a bounding box.
 */

/**
 * Which kind may sit under which. Command runs city → county → station, and only a street post
 * may skip a level: a post run by a county bureau itself (a patrol post of its own) sits under
 * the county. Nothing sits directly under the city but counties, so every unit below the city
 * has exactly one county — the county is what owns stock and plans requests (`rules.ts`).
 */
export const PARENT_KINDS: Readonly<Record<UnitKind, readonly UnitKind[]>> = {
  city: [],
  county: ['city'],
  station: ['county'],
  post: ['station', 'county'],
};

/** The kinds that must have an area: the city and its counties tile the map; stations and posts may take their parent's. */
const AREA_REQUIRED: ReadonlySet<UnitKind> = new Set(['city', 'county']);

export const TREE_PROBLEM_CODES = [
  'duplicate_id',
  'orphan',
  'cycle',
  'no_root',
  'many_roots',
  'root_not_city',
  'kind_order',
  'area_missing',
  'area_outside_parent',
  'area_overlaps_sibling',
  'unknown_unit',
  'move_under_descendant',
  // A unit removed while something still belongs to it (removeUnit).
  'has_children',
  'holds_users',
  'holds_sites',
  'holds_vehicles',
  'holds_records',
] as const;
export type TreeProblemCode = (typeof TREE_PROBLEM_CODES)[number];
/** unitId is null only for a problem of the whole list (an empty one). */
export type TreeProblem = { unitId: string | null; code: TreeProblemCode; message: string };

type Bbox = readonly [west: number, south: number, east: number, north: number];

export type TreeNode = {
  readonly unit: Unit;
  readonly depth: number;
  /** Children's ids, by id (so a point on a shared border goes to the same child everywhere). */
  readonly children: readonly string[];
  /** Preorder number, and the largest one in its subtree: B is under A iff A.enter ≤ B.enter ≤ A.exit. */
  readonly enter: number;
  readonly exit: number;
  /** The county it is in (itself for a county); null for the city. */
  readonly countyId: string | null;
  readonly rings: readonly Float64Array[] | null;
  readonly bbox: Bbox | null;
};

export type UnitTree = {
  readonly rootId: string;
  readonly nodes: ReadonlyMap<string, TreeNode>;
  /** Every unit's id in preorder (the city first, each unit before its children). */
  readonly order: readonly string[];
};

export type TreeCheck = { ok: true; tree: UnitTree } | { ok: false; problems: TreeProblem[] };

const flatRings = (unit: Unit): Float64Array[] | null => unit.area?.coordinates.map((r) => Float64Array.from(r.flat())) ?? null;

function bboxOf(rings: readonly Float64Array[]): Bbox {
  const outer = rings[0]!;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (let i = 0; i < outer.length; i += 2) {
    w = Math.min(w, outer[i]!);
    e = Math.max(e, outer[i]!);
    s = Math.min(s, outer[i + 1]!);
    n = Math.max(n, outer[i + 1]!);
  }
  return [w, s, e, n];
}

const inBbox = (b: Bbox, x: number, y: number): boolean =>
  x >= b[0] - ON_EDGE_DEGREES && x <= b[2] + ON_EDGE_DEGREES && y >= b[1] - ON_EDGE_DEGREES && y <= b[3] + ON_EDGE_DEGREES;

/** Signed distance of (x, y) from the line through a→b (left positive); 0 within ON_EDGE_DEGREES. */
function side(ax: number, ay: number, bx: number, by: number, x: number, y: number): number {
  const len = Math.hypot(bx - ax, by - ay);
  if (len === 0) return 0;
  const d = ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / len;
  return Math.abs(d) <= ON_EDGE_DEGREES ? 0 : d;
}

/**
 * Whether two areas share more than a border. Checked at each vertex, at each pair of edges
 * that cross, and just inside the middle of each edge (which finds two identical outlines);
 * two outlines that overlap only between those probes are not found.
 */
function areasOverlap(a: readonly Float64Array[], b: readonly Float64Array[]): boolean {
  const probe = (p: readonly Float64Array[], q: readonly Float64Array[]): boolean => {
    const outer = p[0]!;
    for (let i = 0; i + 3 < outer.length; i += 2) {
      if (polygonPosition(outer[i]!, outer[i + 1]!, q) === 'inside') return true;
      const mx = (outer[i]! + outer[i + 2]!) / 2;
      const my = (outer[i + 1]! + outer[i + 3]!) / 2;
      const len = Math.hypot(outer[i + 2]! - outer[i]!, outer[i + 3]! - outer[i + 1]!);
      if (len === 0) continue;
      // A step of 100 × the border tolerance along the edge's normal, to either side.
      const step = (100 * ON_EDGE_DEGREES) / len;
      const nx = -(outer[i + 3]! - outer[i + 1]!) * step;
      const ny = (outer[i + 2]! - outer[i]!) * step;
      for (const sign of [1, -1]) {
        const x = mx + sign * nx;
        const y = my + sign * ny;
        if (polygonPosition(x, y, p) === 'inside' && polygonPosition(x, y, q) === 'inside') return true;
      }
    }
    return false;
  };
  if (probe(a, b) || probe(b, a)) return true;
  const pa = a[0]!;
  const qb = b[0]!;
  for (let i = 0; i + 3 < pa.length; i += 2) {
    for (let j = 0; j + 3 < qb.length; j += 2) {
      const [ax, ay, bx, by] = [pa[i]!, pa[i + 1]!, pa[i + 2]!, pa[i + 3]!];
      const [cx, cy, dx, dy] = [qb[j]!, qb[j + 1]!, qb[j + 2]!, qb[j + 3]!];
      if (side(ax, ay, bx, by, cx, cy) * side(ax, ay, bx, by, dx, dy) < 0 && side(cx, cy, dx, dy, ax, ay) * side(cx, cy, dx, dy, bx, by) < 0) return true;
    }
  }
  return false;
}

const bboxesMeet = (a: Bbox, b: Bbox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Checks a unit list and builds its tree: one root, the city; every parent present; no cycle;
 * kinds in order (PARENT_KINDS); the city and each county with an area; each area within the
 * nearest area above it (its outer ring's vertices: a concave parent could still be left between
 * two of them); no two sibling areas overlapping. Every problem is reported, not just the first.
 */
export function checkUnitTree(units: readonly Unit[]): TreeCheck {
  const problems: TreeProblem[] = [];
  const byId = new Map<string, Unit>();
  for (const u of units) {
    if (byId.has(u.id)) problems.push({ unitId: u.id, code: 'duplicate_id', message: `two units have the id ${u.id}` });
    else byId.set(u.id, u);
  }
  if (byId.size === 0) return { ok: false, problems: [{ unitId: null, code: 'no_root', message: 'the tree has no units: it needs its city' }] };

  const roots: Unit[] = [];
  for (const u of byId.values()) {
    if (u.parentId === null) {
      roots.push(u);
      continue;
    }
    const parent = byId.get(u.parentId);
    if (!parent) {
      problems.push({ unitId: u.id, code: 'orphan', message: `${u.id}'s parent ${u.parentId} does not exist` });
      continue;
    }
    if (!PARENT_KINDS[u.kind].includes(parent.kind)) {
      const may = PARENT_KINDS[u.kind].join(' or ') || 'nothing (it is the root)';
      problems.push({ unitId: u.id, code: 'kind_order', message: `a ${u.kind} (${u.id}) cannot sit under a ${parent.kind} (${parent.id}): its parent must be ${may}` });
    }
  }
  const cities = roots.filter((r) => r.kind === 'city');
  for (const r of roots) {
    if (r.kind !== 'city') problems.push({ unitId: r.id, code: 'root_not_city', message: `${r.id} is a ${r.kind} with no parent: only the city stands at the top` });
  }
  for (const c of cities.slice(1)) problems.push({ unitId: c.id, code: 'many_roots', message: `${c.id} is a second city: one tree has one city (${cities[0]!.id})` });
  if (cities.length === 0 && roots.length === 0) problems.push({ unitId: null, code: 'no_root', message: 'no unit is at the top: the tree needs its city with no parent' });

  // Cycles: walk up from each unit; a walk that meets itself found one. `state` 1: on the walk, 2: settled.
  const state = new Map<string, 1 | 2>();
  for (const start of byId.values()) {
    const walk: Unit[] = [];
    let u: Unit | undefined = start;
    while (u && !state.has(u.id)) {
      state.set(u.id, 1);
      walk.push(u);
      u = u.parentId === null ? undefined : byId.get(u.parentId);
    }
    if (u && state.get(u.id) === 1) {
      const loop = walk.slice(walk.indexOf(u));
      const names = [...loop.map((x) => x.id), u.id].join(' → ');
      for (const x of loop) problems.push({ unitId: x.id, code: 'cycle', message: `${x.id} is its own ancestor: ${names}` });
    }
    for (const x of walk) state.set(x.id, 2);
  }
  if (problems.length > 0) return { ok: false, problems };

  // The structure is a tree: number it, then check the areas against it.
  const root = cities[0]!;
  const childrenOf = new Map<string, string[]>();
  for (const u of byId.values()) if (u.parentId !== null) childrenOf.set(u.parentId, [...(childrenOf.get(u.parentId) ?? []), u.id]);
  for (const list of childrenOf.values()) list.sort();
  const nodes = new Map<string, TreeNode>();
  const order: string[] = [];
  const build = (id: string, depth: number, countyId: string | null): TreeNode => {
    const unit = byId.get(id)!;
    const enter = order.length;
    order.push(id);
    const county = unit.kind === 'county' ? id : countyId;
    const children = childrenOf.get(id) ?? [];
    for (const c of children) build(c, depth + 1, county);
    const rings = flatRings(unit);
    const node: TreeNode = { unit, depth, children, enter, exit: order.length - 1, countyId: county, rings, bbox: rings ? bboxOf(rings) : null };
    nodes.set(id, node);
    return node;
  };
  build(root.id, 0, null);
  const tree: UnitTree = { rootId: root.id, nodes, order };

  for (const id of order) {
    const node = nodes.get(id)!;
    const { unit } = node;
    if (!node.rings) {
      if (AREA_REQUIRED.has(unit.kind)) problems.push({ unitId: id, code: 'area_missing', message: `the ${unit.kind} ${id} needs an area: the map must say where it answers for` });
      continue;
    }
    const above = ancestors(tree, id)
      .map((a) => nodes.get(a)!)
      .find((a) => a.rings);
    if (above) {
      const outer = node.rings[0]!;
      for (let i = 0; i < outer.length; i += 2) {
        if (polygonPosition(outer[i]!, outer[i + 1]!, above.rings!) === 'outside') {
          problems.push({ unitId: id, code: 'area_outside_parent', message: `${id}'s area reaches outside ${above.unit.id}'s at ${outer[i]}, ${outer[i + 1]}` });
          break;
        }
      }
    }
    for (const sib of node.children.map((c) => nodes.get(c)!)) {
      for (const other of node.children.map((c) => nodes.get(c)!)) {
        if (other.unit.id <= sib.unit.id || !sib.rings || !other.rings || !bboxesMeet(sib.bbox!, other.bbox!)) continue;
        if (areasOverlap(sib.rings, other.rings)) {
          problems.push({ unitId: other.unit.id, code: 'area_overlaps_sibling', message: `${other.unit.id}'s area overlaps ${sib.unit.id}'s: a point there would belong to both` });
        }
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tree };
}

/** The list the tree was made of, in preorder: what to store or send. */
export const unitsOf = (tree: UnitTree): Unit[] => tree.order.map((id) => tree.nodes.get(id)!.unit);

export const unitOf = (tree: UnitTree, unitId: string): Unit | undefined => tree.nodes.get(unitId)?.unit;

/** Whether `unitId` is `ancestorId` or lies under it. False for an unknown id on either side. */
export function inSubtree(tree: UnitTree, ancestorId: string, unitId: string): boolean {
  const a = tree.nodes.get(ancestorId);
  const u = tree.nodes.get(unitId);
  return !!a && !!u && u.enter >= a.enter && u.enter <= a.exit;
}

/** The unit and every unit under it, in preorder ([] for an unknown id). */
export function subtree(tree: UnitTree, unitId: string): string[] {
  const node = tree.nodes.get(unitId);
  return node ? tree.order.slice(node.enter, node.exit + 1) : [];
}

/** The units above, nearest first, ending with the city ([] for the city or an unknown id). */
export function ancestors(tree: UnitTree, unitId: string): string[] {
  const out: string[] = [];
  for (let p = tree.nodes.get(unitId)?.unit.parentId; p != null; p = tree.nodes.get(p)?.unit.parentId) out.push(p);
  return out;
}

/** The county a unit is in (itself for a county); null for the city or an unknown id. */
export const countyOf = (tree: UnitTree, unitId: string): string | null => tree.nodes.get(unitId)?.countyId ?? null;

const where = (node: TreeNode, lon: number, lat: number): PointPosition =>
  node.rings && inBbox(node.bbox!, lon, lat) ? polygonPosition(lon, lat, node.rings) : 'outside';

/**
 * The deepest unit whose area holds the point (borders included), or null outside the city.
 * Units without an area are passed over (they take their parent's). A point on the border of
 * two siblings goes to the first by id, unless it lies strictly inside one of them.
 */
export function unitAt(tree: UnitTree, lon: number, lat: number): string | null {
  let node = tree.nodes.get(tree.rootId)!;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || where(node, lon, lat) === 'outside') return null;
  for (;;) {
    let next: TreeNode | undefined;
    for (const id of node.children) {
      const child = tree.nodes.get(id)!;
      const at = where(child, lon, lat);
      if (at === 'inside') {
        next = child;
        break;
      }
      if (at === 'border') next ??= child;
    }
    if (!next) return node.unit.id;
    node = next;
  }
}

/**
 * The unit each positioned row stands in (null outside the city): how sites and vehicles get
 * their unit when a tree is first laid over a city, and where the demo's sites belong.
 */
export function unitsByPosition(tree: UnitTree, rows: readonly { id: string; lon: number; lat: number }[]): Map<string, string | null> {
  return new Map(rows.map((r) => [r.id, unitAt(tree, r.lon, r.lat)]));
}

export type DestinationCheck =
  | { ok: true; unitId: string; countyId: string }
  | { ok: false; code: 'outside_every_unit' | 'outside_every_county'; message: string };

/**
 * Where a request's destination belongs: the request is that unit's, and its county plans it.
 * A point outside the city is refused; so is one in the city but in no county (the counties
 * should tile the city; where they leave a gap nobody would plan the request).
 */
export function checkDestination(tree: UnitTree, lon: number, lat: number): DestinationCheck {
  const unitId = unitAt(tree, lon, lat);
  if (unitId === null) return { ok: false, code: 'outside_every_unit', message: `${lon}, ${lat} lies outside every unit of the command` };
  const countyId = countyOf(tree, unitId);
  if (countyId === null) return { ok: false, code: 'outside_every_county', message: `${lon}, ${lat} lies in the city but in no county: no bureau would plan it` };
  return { ok: true, unitId, countyId };
}

/**
 * An administrator's move of a unit (and everything under it) to a new parent: refused under
 * itself or its own descendant, and by every rule of `checkUnitTree` (a kind out of order, an
 * area outside the new parent's). Gives the new tree; the old one is untouched.
 */
export function moveUnit(tree: UnitTree, unitId: string, newParentId: string): TreeCheck {
  for (const id of [unitId, newParentId]) {
    if (!tree.nodes.has(id)) return { ok: false, problems: [{ unitId: id, code: 'unknown_unit', message: `there is no unit ${id}` }] };
  }
  if (inSubtree(tree, unitId, newParentId)) {
    const what = newParentId === unitId ? 'itself' : `its own descendant ${newParentId}`;
    return { ok: false, problems: [{ unitId, code: 'move_under_descendant', message: `${unitId} cannot move under ${what}` }] };
  }
  return checkUnitTree(unitsOf(tree).map((u) => (u.id === unitId ? { ...u, parentId: newParentId } : u)));
}

/** What still belongs to a unit, counted where it is kept (the central's tables): what stops its removal. */
export type UnitHoldings = { users: number; sites: number; vehicles: number; /** Requests, alerts, handovers on record under it: the reviews roll them up by unit. */ records: number };

/**
 * Whether a unit may be removed from the tree: never the root, never a unit with units under
 * it (they would be orphans: move them first), never one that still holds users, sites or
 * vehicles (hand them to another unit first), never one with records under it (requests, alerts,
 * handovers: the month's and the quarter's reviews count them by unit, so the unit stays on the
 * tree for the record). A mistaken, unused unit is what can go.
 */
export function removalProblems(tree: UnitTree, unitId: string, holds: UnitHoldings): TreeProblem[] {
  const node = tree.nodes.get(unitId);
  if (!node) return [{ unitId, code: 'unknown_unit', message: `there is no unit ${unitId}` }];
  if (unitId === tree.rootId) return [{ unitId, code: 'no_root', message: `${unitId} is the tree's root: the tree would have none` }];
  const problems: TreeProblem[] = [];
  if (node.children.length > 0) problems.push({ unitId, code: 'has_children', message: `${unitId} has ${node.children.length} unit(s) under it: move them first` });
  if (holds.users > 0) problems.push({ unitId, code: 'holds_users', message: `${holds.users} user(s) belong to ${unitId}: give them another unit first` });
  if (holds.sites > 0) problems.push({ unitId, code: 'holds_sites', message: `${holds.sites} site(s) belong to ${unitId}: hand them to another unit first` });
  if (holds.vehicles > 0) problems.push({ unitId, code: 'holds_vehicles', message: `${holds.vehicles} vehicle(s) belong to ${unitId}: hand them to another unit first` });
  if (holds.records > 0) problems.push({ unitId, code: 'holds_records', message: `${holds.records} request(s), alert(s) or handover(s) are on record under ${unitId}: it stays for the reviews` });
  return problems;
}
