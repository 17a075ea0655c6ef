/**
 * A seeded generator (mulberry32), so a benchmark draws the same "random" schedule every time
 * it runs: what it measures does not change from one run of `pnpm bench` to the next.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An exponential draw with the given mean (the gap of a Poisson process). */
export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}
