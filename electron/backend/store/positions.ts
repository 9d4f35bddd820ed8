import type { PositionBatch } from '../../../shared/positions-codec';
import type { Position } from '../../../shared/domain';
import type { Db } from './database';

/** How much track each vehicle keeps; older points are pruned. */
export const TRAIL_WINDOW_MS = 10 * 60_000;

type PositionRow = { vehicle_no: number; lon: number; lat: number; heading: number; speed_kmh: number; ts: number };
const toPosition = (r: PositionRow): Position => ({
  vehicleNo: r.vehicle_no, lon: r.lon, lat: r.lat, heading: r.heading, speedKmh: r.speed_kmh, ts: r.ts,
});

export function createPositionStore(db: Db, now: () => number = Date.now) {
  // Reports used to be stamped with the central's clock: one from a clock running ahead
  // would hold the row (newer stamps win) and freeze the vehicle, even across restarts.
  // Stamps are our receive time now; bring any from the future back to the present.
  const t = now();
  db.prepare('UPDATE position_latest SET ts = ? WHERE ts > ?').run(t, t);
  db.prepare('DELETE FROM position_trail WHERE ts > ?').run(t);

  const upsert = db.prepare(`INSERT INTO position_latest (vehicle_no, lon, lat, heading, speed_kmh, ts) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (vehicle_no) DO UPDATE SET lon = excluded.lon, lat = excluded.lat, heading = excluded.heading, speed_kmh = excluded.speed_kmh, ts = excluded.ts
    WHERE excluded.ts >= position_latest.ts`);
  const trail = db.prepare('INSERT OR IGNORE INTO position_trail (vehicle_no, ts, lon, lat) VALUES (?, ?, ?, ?)');
  const prune = db.prepare('DELETE FROM position_trail WHERE ts < ?');
  const latestAll = db.prepare('SELECT * FROM position_latest ORDER BY vehicle_no');
  const latestOne = db.prepare('SELECT * FROM position_latest WHERE vehicle_no = ?');
  const trailOf = db.prepare('SELECT lon, lat, ts FROM position_trail WHERE vehicle_no = ? AND ts >= ? ORDER BY ts');
  let lastPrune = 0;

  /** One transaction per batch: 10,000 rows cost a few ms, per-row commits would cost seconds. */
  const write: (b: PositionBatch) => void = db.transaction((b: PositionBatch) => {
    for (let i = 0; i < b.count; i++) {
      const no = b.vehicleNo[i]!;
      const lon = b.lon[i]!;
      const lat = b.lat[i]!;
      upsert.run(no, lon, lat, b.heading[i]!, b.speedKmh[i]!, b.ts);
      trail.run(no, b.ts, lon, lat);
    }
    if (b.ts - lastPrune > 30_000) {
      prune.run(b.ts - TRAIL_WINDOW_MS);
      lastPrune = b.ts;
    }
  });

  return {
    /** Writes a batch; `b.ts` is the receive time (position-feed.ts). */
    write,
    latest: (): Position[] => (latestAll.all() as PositionRow[]).map(toPosition),
    latestOf: (vehicleNo: number): Position | null => {
      const r = latestOne.get(vehicleNo) as PositionRow | undefined;
      return r ? toPosition(r) : null;
    },
    trailOf: (vehicleNo: number, since: number): [number, number, number][] =>
      (trailOf.all(vehicleNo, since) as { lon: number; lat: number; ts: number }[]).map((r) => [r.lon, r.lat, r.ts]),
  };
}
export type PositionStore = ReturnType<typeof createPositionStore>;
