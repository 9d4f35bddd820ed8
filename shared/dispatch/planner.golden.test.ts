import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDispatch, type PlannerInput } from './planner';

/**
 * The planner's answers pinned on 600 seeded scenarios with ties everywhere (few distinct drive
 * times, four vehicle sizes, up to 40 sites and 400 vehicles): which vehicles, which sites,
 * which alternatives, in which order. The property and unit tests say what a plan must be;
 * this says it stays the plan it was while the planner is made faster (the per-site vehicle
 * order, the fewest-vehicles prefix, the tour). A deliberate change to the answers updates the
 * fixture: JINGBAO_UPDATE_GOLDEN=1 npx vitest run shared/dispatch/planner.golden.test.ts,
 * and the commit says why the plans changed.
 */

const FIXTURE = join(import.meta.dirname, 'planner.golden.json');
const SCENARIOS = 600;

function scenario(seed: number): PlannerInput {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const int = (n: number) => Math.floor(rnd() * n);
  const ITEMS = ['a', 'b', 'c'];
  const nSites = 1 + int(seed % 3 === 0 ? 40 : 8);
  const nVeh = int(seed % 5 === 0 ? 400 : 30);
  const sites = Array.from({ length: nSites }, (_, i) => ({ id: `s${i}`, kind: (['central', 'regional', 'quickpick'] as const)[int(3)]!, node: i }));
  const coarse = seed % 2 === 0; // few distinct times: ties everywhere
  const tt = () => (rnd() < 0.05 ? Infinity : coarse ? int(5) * 60 : int(600));
  const vehicles = Array.from({ length: nVeh }, (_, i) => ({ id: `v${String(int(1000)).padStart(3, '0')}-${i}`, status: (rnd() < 0.85 ? 'available' : 'enroute') as 'available' | 'enroute', capacity: [0, 1, 2, 8, 60, 400][int(6)]!, node: 1000 + i }));
  const toSite = new Map<string, number>();
  for (const st of sites) {
    for (const v of vehicles) toSite.set(`${st.id}/${v.node}`, tt());
    for (const o of sites) toSite.set(`${st.id}/${o.node}`, tt());
  }
  const toDest = new Map<number, number>();
  for (const st of sites) toDest.set(st.node, tt());
  const stock: PlannerInput['stock'][number][] = [];
  for (const st of sites) for (const it of ITEMS) if (rnd() < 0.6) stock.push({ siteId: st.id, itemId: it, quantity: int(200), safetyLevel: int(50) });
  const items = ITEMS.filter(() => rnd() < 0.5).map((itemId) => ({ itemId, quantity: 1 + int(150) }));
  if (items.length === 0) items.push({ itemId: 'a', quantity: 1 + int(100) });
  const timeToSite = (sid: string, n: number) => toSite.get(`${sid}/${n}`) ?? Infinity;
  // Every third scenario gives the whole-array lookup too (what the routing core gives).
  const siteTimes = (sid: string) => {
    const a: number[] = [];
    for (const x of [...vehicles.map((v) => v.node), ...sites.map((o) => o.node)]) {
      const t = toSite.get(`${sid}/${x}`);
      if (t !== undefined) a[x] = t;
    }
    return a;
  };
  return {
    request: { destinationNode: 999, items, priority: (['green', 'yellow', 'orange', 'red'] as const)[int(4)]!, deadlineS: 300 + int(2000) },
    sites,
    stock,
    vehicles,
    times: { timeToDestination: (n) => toDest.get(n) ?? Infinity, timeToSite, ...(seed % 3 === 1 ? { siteTimes } : {}) },
    packSizes: { a: 1 + int(5), b: 1 + int(5), c: 1 + int(5) },
    ...(rnd() < 0.3 ? { maxPlans: 1 + int(5) } : {}),
  };
}

const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 12);

/**
 * The same scenario with a destination search that is only as wide as the planner asks (what
 * the routing core gives on a large city): exact below the radius, the radius itself as a lower
 * bound beyond, Infinity where the destination cannot be reached. Starts at 5 minutes.
 */
function bounded(input: PlannerInput): PlannerInput & { grown: () => number } {
  let radius = 300;
  let grown = 0;
  const exact = input.times.timeToDestination;
  return {
    ...input,
    times: {
      ...input.times,
      timeToDestination: (n) => {
        const t = exact(n);
        return t < radius || t === Infinity ? t : radius;
      },
      destinationBound: {
        radiusS: () => radius,
        grow: (through) => {
          grown++;
          radius = Math.max(radius, through) + 1;
        },
      },
    },
    grown: () => grown,
  };
}

describe('the planner\'s answers', () => {
  it(`are the same with a destination search widened only as asked, on the ${SCENARIOS} scenarios`, () => {
    let widened = 0;
    for (let i = 0; i < SCENARIOS; i++) {
      const b = bounded(scenario(i + 1));
      const { grown, ...input } = b;
      expect(digest(planDispatch(input)), `scenario ${i + 1}`).toBe(digest(planDispatch(scenario(i + 1))));
      if (grown() > 0) widened++;
    }
    // The bound mattered: many scenarios had to widen it.
    expect(widened).toBeGreaterThan(SCENARIOS / 4);
  });

  it(`are the pinned ones on ${SCENARIOS} seeded scenarios`, () => {
    const answers = Array.from({ length: SCENARIOS }, (_, i) => planDispatch(scenario(i + 1)));
    const got = answers.map(digest);
    // The scenarios are not trivial: most end in plans, many with several vehicles or sites.
    const plans = answers.filter((a) => a.ok);
    expect(plans.length).toBeGreaterThan(SCENARIOS / 2);
    expect(plans.filter((a) => a.ok && a.plans.some((p) => p.runs.length > 1)).length).toBeGreaterThan(SCENARIOS / 10);
    if (process.env.JINGBAO_UPDATE_GOLDEN === '1') writeFileSync(FIXTURE, JSON.stringify(got) + '\n');
    expect(existsSync(FIXTURE), `${FIXTURE} is missing: run with JINGBAO_UPDATE_GOLDEN=1 and commit it`).toBe(true);
    const want = JSON.parse(readFileSync(FIXTURE, 'utf8')) as string[];
    const first = got.findIndex((d, i) => d !== want[i]);
    expect(first, first < 0 ? '' : `scenario ${first + 1} answers differently now: ${JSON.stringify(answers[first]).slice(0, 600)}`).toBe(-1);
    expect(got).toHaveLength(want.length);
  });
});
