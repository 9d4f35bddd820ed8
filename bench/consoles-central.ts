/**
 * The central of `bench/consoles.bench.ts`, in a process of its own: the demo city with a
 * generated fleet, the simulator driving it at 1 Hz, one duty officer per unit of the tree.
 * Reports its CPU and memory every second over IPC; stops when told.
 */
import { join } from 'node:path';
import { createCentralServer } from '../central/server';
import { tempDir } from '../electron/backend/test-support';

const vehicles = Number(process.argv[2] ?? 2000);
const tmp = tempDir('jb-bench-consoles-');
const server = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, vehicleCount: vehicles, tickMs: 1000, simulate: true });
const officers: { unitId: string; userId: string }[] = [];
for (const [i, u] of server.units().list().entries()) {
  const user = await server.users().createUser({ username: `bench.unit${i}`, displayName: `bench ${u.id}`, role: 'duty', password: 'bench-password-2026', unitId: u.id });
  officers.push({ unitId: u.id, userId: user.id });
}
const send = (m: unknown) => process.send!(m);
send({ type: 'ready', url: server.url, officers });

let last = { cpu: process.cpuUsage(), at: performance.now() };
const timer = setInterval(() => {
  const cpu = process.cpuUsage();
  const at = performance.now();
  const used = (cpu.user - last.cpu.user + cpu.system - last.cpu.system) / 1000;
  send({ type: 'stats', cpuMsPerS: (used / (at - last.at)) * 1000, rssMb: process.memoryUsage().rss / 2 ** 20, heapMb: process.memoryUsage().heapUsed / 2 ** 20, central: server.stats() });
  last = { cpu, at };
}, 1000);

process.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  void server.close().then(() => {
    tmp.remove();
    process.exit(0);
  });
});
