import { batteryReport } from '../../shared/assets/battery';
import { flownRates, rateWindowStart } from '../../shared/assets/flight-days';
import type { BatteryDay } from '../../shared/assets/schema';
import { readinessFromGroups, type AssetGroup } from '../../shared/assets/readiness';
import { reconcileAlerts } from '../../shared/duty/alert-lifecycle';
import { evaluateSignals, type SignalWorld } from '../../shared/duty/alert-rules';
import { dutyConfigOf } from '../../shared/duty/commands/alert-act';
import type { AlertRecord } from '../../shared/duty/schema';
import type { CentralStore } from '../store';

const HOUR = 3600_000;
/** Only vehicles in service are expected to report. */
const REPORTING = new Set(['available', 'enroute', 'atscene', 'returning']);

/**
 * The central's duty watcher: on its clock, the alert rules (shared/duty/alert-rules.ts)
 * over the central's tables, and every alert record brought up to date by the same pure
 * rules a console would use (raised with the officer on duty as owner, worsened, cleared,
 * marked overdue and escalated to the supervisor). Its writes are the central's own events,
 * in the change log like a command's, so every console and the wall see the same records.
 *
 * `silentSince`: when each silent vehicle last reported (the simulator here; a real central's
 * GPS intake in a deployment).
 */
export function createDutyWatcher(store: CentralStore, deps: { silentSince: () => ReadonlyMap<string, number>; placeOf?: (vehicleId: string) => { lon: number; lat: number } | null }) {
  const groups = store.db.prepare<[], AssetGroup>(
    'SELECT type_id, site_id, state, COUNT(*) AS n FROM asset GROUP BY type_id, site_id, state',
  );
  const recentDays = store.db.prepare<[string], { row: string }>('SELECT row FROM battery_day WHERE day >= ?');
  // The ledger's figures move only when an asset or a battery's flight days change: computed once per change (and hour, for the battery projection).
  let ledger: { seq: number; hour: number; readiness: SignalWorld['readiness']; battery: SignalWorld['battery'] } | null = null;
  let onDuty: { seq: number; who: string | null } | null = null;

  function ledgerSignals(now: number) {
    // Seqs are the change feed's: the later of the two moves when either table does (a flights log may add days and no count).
    const seq = Math.max(store.lastSeqOf('asset'), store.lastSeqOf('battery_day'));
    const hour = Math.floor(now / HOUR);
    if (ledger && ledger.seq === seq && ledger.hour === hour) return ledger;
    const types = store.rows('asset_type');
    const index = readinessFromGroups(types, groups.all());
    const readiness = index.byClass().map((r) => ({ key: r.key, label: r.key, rate: r.rate, inService: r.inService }));
    const batteryTypes = types.filter((t) => t.class === 'drone_battery');
    const batteries = batteryTypes.flatMap((t) => store.where('asset', 'type_id', t.id));
    // The board's model exactly (readiness-reports.ts): recent flights a day measure how hard each is flown.
    const flown = flownRates(recentDays.all(rateWindowStart(now)).map((r) => JSON.parse(r.row) as BatteryDay), now);
    const report = batteries.length ? batteryReport(batteries, batteryTypes, now, { climate: store.rows('climate_reading'), flown }) : null;
    ledger = { seq, hour, readiness, battery: report ? { crossesInDays: report.crossesInDays, label: 'drone_battery' } : null };
    return ledger;
  }

  /** The officer on duty: who last took a shift over (null: nobody yet, the duty role answers). */
  function officerOnDuty(): string | null {
    const seq = store.lastSeqOf('handover');
    if (onDuty?.seq === seq) return onDuty.who;
    const taken = store.rows('handover').filter((h) => h.incoming).sort((a, b) => b.shiftEnd - a.shiftEnd);
    onDuty = { seq, who: taken[0]?.incoming?.username ?? null };
    return onDuty.who;
  }

  function world(now: number): SignalWorld {
    const requests = [...store.where('request', 'status', 'open'), ...store.where('request', 'status', 'dispatched')];
    const silent = deps.silentSince();
    const vehicles = store
      .rows('vehicle')
      .filter((v) => REPORTING.has(v.status))
      .map((v) => ({ id: v.id, plate: v.plate, lastReportAt: silent.get(v.id) ?? now, place: silent.has(v.id) ? (deps.placeOf?.(v.id) ?? null) : null }));
    const sites = new Map(store.rows('site').map((s) => [s.id, s]));
    const items = new Map(store.rows('item').map((i) => [i.id, i]));
    const stock = store
      .rows('stock')
      .filter((s) => s.safetyLevel > 0 && s.quantity < s.safetyLevel)
      .map((s) => {
        const site = sites.get(s.siteId);
        return { ...s, label: `${site?.name ?? s.siteId} ${items.get(s.itemId)?.name ?? s.itemId}`, place: site ? { lon: site.lon, lat: site.lat } : null };
      });
    const { readiness, battery } = ledgerSignals(now);
    return { requests, dispatches: store.where('dispatch', 'status', 'enroute'), vehicles, stock, readiness, battery };
  }

  return {
    /** One pass at `now`: the records written, in key order. */
    tick(now: number): AlertRecord[] {
      return store.inTransaction(() => {
        const config = dutyConfigOf({ get: (t, k) => store.get(t, k) });
        const signals = evaluateSignals(now, world(now), config);
        const records = store.where('alert', 'active', 1);
        const written = reconcileAlerts(now, signals, records, config, officerOnDuty());
        if (written.length) store.event((tx) => (written.forEach((a) => tx.put('alert', a)), true));
        return written;
      });
    },
  };
}
