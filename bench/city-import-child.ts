/**
 * One city import in a process of its own, for bench/city.bench.ts: its peak memory is this
 * process's (getrusage maxRSS), not the benchmark's. Prints one JSON line.
 *
 *   node --import tsx bench/city-import-child.ts FILE DIR NAME SITES.csv VEHICLES
 */
import { readFileSync } from 'node:fs';
import { importCity } from '../city/import-city';

const [file, dir, name, sitesPath, vehicles] = process.argv.slice(2);
if (!file || !dir || !name || !sitesPath || !vehicles) {
  console.error('usage: city-import-child.ts FILE DIR NAME SITES.csv VEHICLES');
  process.exit(2);
}
const t0 = performance.now();
const stages: Record<string, number> = {};
/** Resident and JS-heap MB when each stage ended: where the memory goes. */
const memory: Record<string, { rssMB: number; heapMB: number }> = {};
let stage = 'reading_ways';
let stageAt = t0;
const enter = (next: string) => {
  if (next === stage) return;
  const now = performance.now();
  stages[stage] = (stages[stage] ?? 0) + (now - stageAt);
  const m = process.memoryUsage();
  memory[stage] = { rssMB: Math.round(m.rss / 1048576), heapMB: Math.round(m.heapUsed / 1048576) };
  stage = next;
  stageAt = now;
};
const summary = importCity({
  file,
  dir,
  name,
  sitesText: readFileSync(sitesPath, 'utf8'),
  vehicles: Number(vehicles),
  onProgress: (p) => enter(p.stage),
  onStage: (s) => enter(s),
});
enter('done');
console.log(JSON.stringify({ ms: performance.now() - t0, maxRssMB: process.resourceUsage().maxRSS / 1024, stages, memory, summary }));
