import { seededRandom } from '../shared/random';
import { isDepot, isSupplySite, type Site, type Vehicle, type VehicleKind, type VehicleStatus } from '../shared/domain';
import type { RoadGraph } from '../shared/routing/road-graph';
import { createVertexIndex, haversineM, type LonLat } from '../shared/city/roads';

/**
 * Deterministic invented fleet: the same seed always gives the same vehicles, crews
 * and starting points, so tests, screenshots and benchmarks are repeatable.
 */

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  /** Uniform in [a, b). */
  range(a: number, b: number): number;
};

/** mulberry32: tiny, fast, good enough for demo data, and seedable (Math.random is not). */
export function createRng(seed: number): Rng {
  const next = seededRandom(seed);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => {
      if (list.length === 0) throw new Error('pick from an empty list');
      return list[Math.floor(next() * list.length)] as (typeof list)[number];
    },
    range: (a, b) => a + next() * (b - a),
  };
}

export const DEMO_SEED = 20240611;

/** Share of each kind in the fleet; 120 vehicles → 40 vans, 12 trucks, 50 patrol cars, 18 motorcycles. */
const KIND_SHARE: readonly [VehicleKind, number][] = [
  ['van', 40 / 120],
  ['truck', 12 / 120],
  ['patrol', 50 / 120],
  ['motorcycle', 18 / 120],
];

/** Load units (≈ cartons). */
export const CAPACITY_BY_KIND: Record<VehicleKind, number> = { van: 60, truck: 400, patrol: 8, motorcycle: 2 };

const CREW_BY_KIND: Record<VehicleKind, [number, number]> = { van: [2, 2], truck: [2, 3], patrol: [2, 2], motorcycle: [1, 1] };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽'.split('');

function crewName(rng: Rng): string {
  const given = rng.next() < 0.45 ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/**
 * Police plates look like 粤A·1234警 (province, city letter, four digits, the red 警).
 * Multiplying by a number coprime to 10,000 scatters the digits without repeats; the
 * city letter moves on every 10,000 vehicles so benchmark fleets stay unique too.
 */
export function policePlate(no: number): string {
  const digits = String((no * 7919) % 10_000).padStart(4, '0');
  const letter = String.fromCharCode(65 + (Math.floor((no - 1) / 10_000) % 26));
  return `粤${letter}·${digits}警`;
}

export function vehicleId(no: number): string {
  return `veh-${String(no).padStart(3, '0')}`;
}

function kindCounts(count: number): VehicleKind[] {
  const kinds: VehicleKind[] = [];
  let assigned = 0;
  KIND_SHARE.forEach(([kind, share], i) => {
    const n = i === KIND_SHARE.length - 1 ? count - assigned : Math.round(count * share);
    for (let k = 0; k < n; k++) kinds.push(kind);
    assigned += n;
  });
  return kinds;
}

function shuffle<T>(list: T[], rng: Rng): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

/** Initial statuses: mostly ready, some out on jobs, a few in the workshop, one dark. */
function statusList(count: number): VehicleStatus[] {
  const maintenance = Math.max(1, Math.round(count * 0.025));
  const offline = Math.max(1, Math.round(count * 0.008));
  const enroute = Math.round(count * 0.07);
  const atscene = Math.round(count * 0.04);
  const returning = Math.round(count * 0.04);
  const out: VehicleStatus[] = [];
  const add = (s: VehicleStatus, n: number): void => {
    for (let i = 0; i < n && out.length < count; i++) out.push(s);
  };
  add('maintenance', maintenance);
  add('offline', offline);
  add('enroute', enroute);
  add('atscene', atscene);
  add('returning', returning);
  add('available', count - out.length);
  return out;
}

function homeFor(kind: VehicleKind, sites: readonly Site[], rng: Rng): Site {
  // Police stations are destinations: no vehicle is based at one.
  const depots = sites.filter(isDepot);
  const central = sites.filter((s) => s.kind === 'central');
  const quick = sites.filter((s) => s.kind === 'quickpick');
  // Heavy trucks live at depots (half of them at the central depot); patrol units at
  // street points; vans anywhere.
  const pool =
    kind === 'truck'
      ? rng.next() < 0.5 && central.length ? central : depots
      : kind === 'van'
        ? rng.next() < 0.6 ? depots : quick
        : rng.next() < 0.75 && quick.length ? quick : depots;
  return rng.pick(pool.length ? pool : sites.filter(isSupplySite));
}

export function generateFleet(count: number, sites: readonly Site[], seed = DEMO_SEED): Vehicle[] {
  if (sites.length === 0) throw new Error('generateFleet: no sites');
  const rng = createRng(seed);
  const kinds = shuffle(kindCounts(count), rng);
  const statuses = shuffle(statusList(count), rng);
  const out: Vehicle[] = [];
  for (let i = 0; i < count; i++) {
    const no = i + 1;
    const kind = kinds[i] as VehicleKind;
    const [minCrew, maxCrew] = CREW_BY_KIND[kind];
    const crewSize = minCrew + rng.int(maxCrew - minCrew + 1);
    const crew: string[] = [];
    while (crew.length < crewSize) {
      const name = crewName(rng);
      if (!crew.includes(name)) crew.push(name);
    }
    out.push({
      id: vehicleId(no),
      no,
      plate: policePlate(no),
      kind,
      status: statuses[i] as VehicleStatus,
      crew,
      homeSiteId: homeFor(kind, sites, rng).id,
      capacity: CAPACITY_BY_KIND[kind],
    });
  }
  return out;
}

/** Draws a random accepted node within `radiusM` of a point by rejection (falls back to the nearest). */
export function randomNodeNear(
  g: RoadGraph,
  nodes: Int32Array,
  lon: number,
  lat: number,
  radiusM: number,
  rng: Rng,
  fallback: number,
): number {
  for (let tries = 0; tries < 64; tries++) {
    const n = nodes[rng.int(nodes.length)] as number;
    if (haversineM(lon, lat, g.nodeLon[n] as number, g.nodeLat[n] as number) <= radiusM) return n;
  }
  return fallback;
}

/**
 * Starting points on the road network: parked vehicles at their home site, patrols
 * around it, vehicles out on jobs anywhere within a few kilometres.
 */
export function placeFleet(
  vehicles: readonly Vehicle[],
  sites: readonly Site[],
  g: RoadGraph,
  inMain: Uint8Array,
  seed = DEMO_SEED + 1,
): Record<string, LonLat> {
  const rng = createRng(seed);
  const index = createVertexIndex(g.nodeLon, g.nodeLat, (i) => inMain[i] === 1);
  const mainNodes = Int32Array.from({ length: g.nodeCount }, (_, i) => i).filter((i) => inMain[i] === 1);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const out: Record<string, LonLat> = {};
  for (const v of vehicles) {
    const home = siteById.get(v.homeSiteId) ?? sites[0];
    if (!home) throw new Error('placeFleet: no sites');
    const homeNode = index.nearest(home.lon, home.lat);
    const parked = v.status === 'maintenance' || v.status === 'offline' || (v.status === 'available' && (v.kind === 'van' || v.kind === 'truck'));
    const radius = parked ? 150 : v.status === 'available' ? 2000 : 4000;
    let n: number;
    if (parked) {
      // Rejection sampling would almost never hit a 150 m circle; list it instead.
      const near = index.within(home.lon, home.lat, radius);
      n = near.length ? (near[rng.int(near.length)] as number) : homeNode;
    } else {
      n = randomNodeNear(g, mainNodes, home.lon, home.lat, radius, rng, homeNode);
    }
    out[v.id] = [g.nodeLon[n] as number, g.nodeLat[n] as number];
  }
  return out;
}
