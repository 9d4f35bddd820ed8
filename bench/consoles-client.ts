/**
 * Simulated consoles of `bench/consoles.bench.ts`, many in one process: each opens the live
 * stream as its officer (or as the workstation, the city), times every position frame from the
 * central's stamp to its arrival here, pulls the change feed when told something changed, and
 * sends commands at its share of the rate (a vehicle of its own scope taken in and out of
 * service). Reports when told to stop.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { DEMO_WORKSTATION, workstationAuthorization } from '../shared/auth/workstation';
import { changesPageSchema, OFFICER_HEADER } from '../shared/central-api';
import { decodePositions } from '../shared/positions-codec';

type Setup = { url: string; consoles: { userId: string | null }[]; commandEveryMs: number };
const setup = await new Promise<Setup>((resolve) => process.once('message', (m) => resolve(m as Setup)));
const auth = workstationAuthorization(DEMO_WORKSTATION);

const latencies: number[] = [];
const commandMs: number[] = [];
const vehiclesPerFrame: number[] = [];
let frames = 0;
let pulls = 0;
let commandsApplied = 0;
let commandsRefused = 0;
let pullFailures = 0;
let dropped = 0;
let stopped = false;
const sockets: WebSocket[] = [];
const timers: NodeJS.Timeout[] = [];

/** Consoles come up a few at a time, as a division's do (not 600 full pulls in one instant). */
const connectOne = async ({ userId }: { userId: string | null }, k: number) => {
    const headers: Record<string, string> = { authorization: auth, ...(userId ? { [OFFICER_HEADER]: userId } : {}) };
    let cursor = 0;
    let pulling = false;
    const vehicles = new Map<string, { id: string; status: string }>();
    const pull = async () => {
      if (pulling || stopped) return;
      pulling = true;
      try {
        for (;;) {
          const res = await fetch(`${setup.url}/changes?since=${cursor}&limit=1000`, { headers });
          const page = changesPageSchema.parse(await res.json());
          pulls++;
          for (const c of page.changes) {
            if (c.table !== 'vehicle') continue;
            if (c.op === 'delete') vehicles.delete(c.key);
            else vehicles.set(c.key, c.row as { id: string; status: string });
          }
          cursor = page.cursor;
          if (!page.hasMore) break;
        }
      } finally {
        pulling = false;
      }
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await pull();
        break;
      } catch (e) {
        if (attempt === 5) throw e;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
    const ws = new WebSocket(`${setup.url.replace(/^http/, 'ws')}/live`, { headers });
    sockets.push(ws);
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) {
        const batch = decodePositions(data);
        latencies.push(Date.now() - batch.ts);
        vehiclesPerFrame.push(batch.count);
        frames++;
      } else if ((JSON.parse(data.toString('utf8')) as { type: string }).type === 'changed') void pull().catch(() => pullFailures++);
    });
    ws.on('close', () => !stopped && dropped++);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    // A stream cut later is counted (a console would reconnect), not a crash of the bench.
    ws.on('error', () => {});
    // Commands at this console's share of the rate, spread out over the period.
    const send = async () => {
      const own = [...vehicles.values()].filter((v) => v.status === 'available' || v.status === 'maintenance');
      if (own.length === 0 || stopped || !userId) return;
      const v = own[Math.floor(Math.random() * own.length)]!;
      const cmd = {
        id: randomUUID(), type: 'vehicle.setStatus', issuedAt: Date.now(),
        payload: { vehicleId: v.id, status: v.status === 'available' ? 'maintenance' : 'available' },
        actor: { userId, username: 'bench', role: 'duty', workstation: DEMO_WORKSTATION.id },
      };
      const t0 = performance.now();
      const res = await fetch(`${setup.url}/commands`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(cmd) });
      const r = (await res.json()) as { status: string };
      commandMs.push(performance.now() - t0);
      if (r.status === 'applied') commandsApplied++;
      else commandsRefused++;
    };
    const start = setTimeout(() => {
      void send().catch(() => {});
      timers.push(setInterval(() => void send().catch(() => {}), setup.commandEveryMs));
    }, (k * 997) % setup.commandEveryMs);
    timers.push(start);
};
for (let i = 0; i < setup.consoles.length; i += 10) {
  await Promise.all(setup.consoles.slice(i, i + 10).map((c, j) => connectOne(c, i + j)));
}
process.send!({ type: 'connected' });

process.on('message', (m) => {
  if (m === 'mark') {
    // The measured window starts: what came while connecting is dropped.
    for (const a of [latencies, commandMs, vehiclesPerFrame]) a.length = 0;
    frames = pulls = commandsApplied = commandsRefused = pullFailures = dropped = 0;
    return;
  }
  stopped = true;
  for (const t of timers) clearInterval(t);
  for (const ws of sockets) ws.terminate();
  process.send!({ type: 'report', latencies, commandMs, vehiclesPerFrame, frames, pulls, commandsApplied, commandsRefused, pullFailures, dropped }, () => process.exit(0));
});
