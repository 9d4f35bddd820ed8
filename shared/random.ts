/**
 * mulberry32: a tiny, fast, seedable generator (Math.random is not seedable), good enough for
 * demo data, simulations and tests that must come out the same every run. The one copy: the
 * demo city's fleet (city/fleet.ts createRng), the readiness ledger's demo data, the benchmarks.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
