import type { Unit, UnitArea } from './schema';

/**
 * A plausible command tree over the demo city (central Göteborg; the road network's bounds are
 * 11.872–12.094 E, 57.652–57.754 N, the city's area is that box rounded out). Four district
 * bureaus split by the Göta älv and the old city: Hisingen north of the river, Centrum between
 * the river and Korsvägen, Majorna-Linné to the south-west, Östra Göteborg to the east. Each
 * bureau's stations tile it, save one station with no area of its own; three street posts, one
 * run by a bureau itself. Names and borders are invented; the addresses are real streets.
 *
 * The borders are drawn from the shared points below, so neighbours share exact vertices and a
 * point on a border is on both. Where the demo's sites land: `unitsByPosition` (tree.ts), and
 * demo-tree.test.ts holds every site in exactly one county.
 */
export const DEMO_CITY_UNIT_ID = 'unit-gbg';

type Pt = readonly [number, number];
const W = 11.87;
const E = 12.1;
const S = 57.65;
const N = 57.76;
const NW: Pt = [W, N];
const NE: Pt = [E, N];
const SW: Pt = [W, S];
const SE: Pt = [E, S];
// The river, west to north-east: Älvsborg, Lindholmen, Stenpiren, Centralen, Gullbergsvass, up past Gamlestaden.
const A: Pt = [W, 57.7];
const B: Pt = [11.935, 57.7035];
const C: Pt = [11.958, 57.7095];
const D: Pt = [11.972, 57.713];
const Ev: Pt = [11.995, 57.722];
const F: Pt = [11.998, N];
// Centrum's southern corners (Linnégatan, Korsvägen), and the east line down to the city's edge.
const P: Pt = [11.958, 57.69];
const Q: Pt = [11.995, 57.69];
const QS: Pt = [11.995, S];
// Station borders inside the bureaus.
const C1: Pt = [11.958, 57.701];
const C2: Pt = [11.995, 57.701];
const H1: Pt = [11.935, N];
const Y1: Pt = [W, 57.68];
const Y2: Pt = [11.995, 57.68];
const O1: Pt = [11.995, 57.705];
const O2: Pt = [E, 57.705];

const polygon = (...points: Pt[]): UnitArea => ({ type: 'Polygon', coordinates: [[...points, points[0]!].map(([x, y]) => [x, y] as [number, number])] });

const unit = (id: string, kind: Unit['kind'], parentId: string | null, name: string, nameEn: string, area: UnitArea | null, address?: string): Unit => ({
  id,
  kind,
  parentId,
  name,
  nameEn,
  area,
  ...(address === undefined ? {} : { address }),
});

/** The demo's units, city first. A new list each call (a test may change it). */
export function demoUnits(): Unit[] {
  const city = DEMO_CITY_UNIT_ID;
  return [
    unit(city, 'city', null, '哥德堡市公安局指挥中心', 'Göteborg City Command Center', polygon(SW, SE, NE, NW), 'Ernst Fontells plats'),
    unit('unit-hisingen', 'county', city, '希辛恩分局', 'Hisingen District Bureau', polygon(A, B, C, D, Ev, F, NW), 'Vågmästareplatsen'),
    unit('unit-centrum', 'county', city, '中心区分局', 'Centrum District Bureau', polygon(C, P, Q, Ev, D), 'Skånegatan'),
    unit('unit-majorna', 'county', city, '马约纳-林内分局', 'Majorna-Linné District Bureau', polygon(A, SW, QS, Q, P, C, B), 'Karl Johansgatan'),
    unit('unit-oster', 'county', city, '东区分局', 'Östra Göteborg District Bureau', polygon(QS, SE, NE, F, Ev, Q), 'Redbergsvägen'),

    unit('unit-vastra-hisingen', 'station', 'unit-hisingen', '西希辛恩派出所', 'Västra Hisingen Police Station', polygon(A, B, H1, NW), 'Vårväderstorget'),
    unit('unit-lundby', 'station', 'unit-hisingen', '伦德比派出所', 'Lundby Police Station', polygon(B, C, D, Ev, F, H1), 'Lundbyvassen'),
    unit('unit-nordstaden', 'station', 'unit-centrum', '北城派出所', 'Nordstaden Police Station', polygon(C, C1, C2, Ev, D), 'Spannmålsgatan'),
    unit('unit-lorensberg', 'station', 'unit-centrum', '洛伦斯贝里派出所', 'Lorensberg Police Station', polygon(C1, P, Q, C2), 'Vasagatan'),
    unit('unit-centralen', 'station', 'unit-centrum', '中央车站派出所', 'Centralen Police Station', null, 'Drottningtorget'),
    unit('unit-majorna-linne', 'station', 'unit-majorna', '马约纳派出所', 'Majorna Police Station', polygon(A, Y1, Y2, Q, P, C, B), 'Karl Johansgatan'),
    unit('unit-frolunda', 'station', 'unit-majorna', '弗罗伦达派出所', 'Frölunda Police Station', polygon(Y1, SW, QS, Y2), 'Frölunda torg'),
    unit('unit-gamlestaden', 'station', 'unit-oster', '甘拉斯塔登派出所', 'Gamlestaden Police Station', polygon(O1, Ev, F, NE, O2), 'Gamlestads torg'),
    unit('unit-orgryte', 'station', 'unit-oster', '厄尔格吕特派出所', 'Örgryte Police Station', polygon(QS, SE, O2, O1, Q), 'Sankt Sigfrids plan'),

    unit('unit-post-kungsportsplatsen', 'post', 'unit-nordstaden', '国王门广场警务站', 'Kungsportsplatsen Street Post', null, 'Kungsportsplatsen'),
    unit('unit-post-jarntorget', 'post', 'unit-majorna-linne', '铁广场警务站', 'Järntorget Street Post', null, 'Järntorget'),
    // Run by the bureau itself for the arena's events: the one post that skips the station level.
    unit('unit-post-ullevi', 'post', 'unit-centrum', '乌勒维体育场警务站', 'Ullevi Street Post', null, 'Ullevigatan'),
  ];
}
