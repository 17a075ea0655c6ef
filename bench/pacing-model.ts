/**
 * A model of how shared calls are paced, to choose the pacing with numbers: not a benchmark of
 * cancelq (`pnpm bench` does not run it), and nothing in cancelq runs it. Run it with
 * `node --import tsx bench/pacing-model.ts`; docs/coalescing.md shows what it printed.
 *
 * Single-order cancellations arrive in surges (a Poisson process of a given rate and length) at
 * a provider that takes up to 100 ids a call and 10 calls in any second, as Planet does. Calls
 * follow the rules of lua/shared-call-start.lua and sliding-window-acquire.lua, with the one
 * thing a pacing chooses left open: how long after the previous call a call that will not fill
 * waits while a surge is arriving (`spacingMs`). The window and the rest stay as they are: a call
 * that fills goes at once while the window has room, a call that finds the provider idle goes at
 * once, and once the window is full the next slot is a window after the oldest call and at
 * least window / max after the latest. Each order waits from its acceptance to its call; it
 * wins its race when that wait, plus the 20 ms an order took from its creation to its 202 under
 * the test's load, is shorter than an exponential delay of mean 300 ms
 * (coalescing-planet.test.ts). Not modelled: the milliseconds a worker takes to fetch a call job.
 *
 * Given the files that coalescing-planet.test.ts writes with PLANET_RACE_TRACE=<folder>
 * (`node --import tsx bench/pacing-model.ts <folder>/*.json`), it also replays each run's own
 * acceptances through the same pacings, each call reaching Planet the run's least 202 → Planet
 * after it leaves, and prints them beside what cancelq measured in that run and the most any
 * pacing of as many calls could expect (race-bound.ts).
 */
import { readFileSync } from 'node:fs';
import { exponential, seededRandom } from './harness/prng.ts';
import { table } from './harness/markdown.ts';

const WINDOW_MS = 1_000;
const MAX_CALLS = 10;
const IDS_PER_CALL = 100;
const EVEN_MS = WINDOW_MS / MAX_CALLS;
const ACCEPT_MS = 20;
const RACE_MEAN_MS = 300;
const STEP_MS = 0.25;
const SEEDS = 8;

interface Pacing {
  name: string;
  /** How long a call that will not fill waits after the previous one, with `used` calls in the window. */
  spacingMs(used: number): number;
}

const PACINGS: Pacing[] = [
  { name: 'even spacing (cancelq)', spacingMs: () => EVEN_MS },
  {
    name: 'half the spacing while under 5 of 10 calls are used',
    spacingMs: (used) => (used < 5 ? EVEN_MS / 2 : EVEN_MS),
  },
  {
    name: 'half the spacing while under 7 of 10 calls are used',
    spacingMs: (used) => (used < 7 ? EVEN_MS / 2 : EVEN_MS),
  },
];

interface Surge {
  name: string;
  perSecond: number;
  lastsMs: number;
}

const SURGES: Surge[] = [
  { name: '300 orders in 0.25 s (the test)', perSecond: 1_200, lastsMs: 250 },
  { name: '100 orders in 0.1 s', perSecond: 1_000, lastsMs: 100 },
  { name: '300 orders in 0.5 s', perSecond: 600, lastsMs: 500 },
  { name: '1,000 orders in 1 s (at the limit)', perSecond: 1_000, lastsMs: 1_000 },
  { name: '900 orders/s for 3 s', perSecond: 900, lastsMs: 3_000 },
  { name: '600 orders/s for 3 s', perSecond: 600, lastsMs: 3_000 },
  { name: '1,500 orders/s for 2 s (over the limit)', perSecond: 1_500, lastsMs: 2_000 },
];

function arrivals({ perSecond, lastsMs }: Surge, seed: number): number[] {
  const random = seededRandom(seed);
  const gapMs = 1_000 / perSecond;
  const at: number[] = [];
  for (let t = exponential(random, gapMs); t < lastsMs; t += exponential(random, gapMs)) at.push(t);
  return at;
}

/** Each order's wait from its acceptance to the call that carried it. */
function waits(arrived: number[], pacing: Pacing): number[] {
  const calls: number[] = [];
  const waiting: number[] = [];
  const waited: number[] = [];
  let next = 0;
  let reserved: number | null = null;
  for (let t = 0; next < arrived.length || waiting.length > 0; t += STEP_MS) {
    while (next < arrived.length && (arrived[next] as number) <= t)
      waiting.push(arrived[next++] as number);
    if (waiting.length === 0) continue;
    const inWindow = calls.filter((call) => call > t - WINDOW_MS);
    const last = calls.at(-1) ?? -Infinity;
    let go: boolean;
    if (inWindow.length >= MAX_CALLS) {
      // The window is full: the next slot is a window after its oldest call.
      const oldest = inWindow[inWindow.length - MAX_CALLS] as number;
      reserved = Math.max(oldest + WINDOW_MS, last + EVEN_MS);
      go = false;
    } else if (waiting.length >= IDS_PER_CALL || (reserved !== null && t >= reserved)) {
      // A call that fills goes at once; so does one whose slot has come.
      go = true;
    } else if (reserved === null) {
      // A call that will not fill waits the spacing after the previous one: at once when that
      // was longer ago (an idle provider).
      reserved = last + pacing.spacingMs(inWindow.length);
      go = t >= reserved;
    } else go = false;
    if (!go) continue;
    calls.push(t);
    reserved = null;
    for (const at of waiting.splice(0, IDS_PER_CALL)) waited.push(t - at);
  }
  return waited;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const raceWon = (waitMs: number) => Math.exp(-(waitMs + ACCEPT_MS) / RACE_MEAN_MS);

/** What coalescing-planet.test.ts writes of a run (its `raceFigures`); expected wins. */
interface RecordedRun {
  together: number;
  apart: number;
  best: number;
  dispatchMs: number;
  orders: { createdMs: number; acceptedMs: number }[];
}

/** Expected wins of a recorded run's single requests, had its calls followed `pacing`. */
function replayed(run: RecordedRun, pacing: Pacing): number {
  const orders = [...run.orders].sort((a, b) => a.acceptedMs - b.acceptedMs);
  const start = orders[0]?.acceptedMs ?? 0;
  // waits() carries orders in the order they arrive: its waits line up with `orders`.
  const waited = waits(
    orders.map((o) => o.acceptedMs - start),
    pacing,
  );
  return orders.reduce((sum, order, i) => {
    const fromCreation = (waited[i] ?? 0) + run.dispatchMs + order.acceptedMs - order.createdMs;
    return sum + Math.exp(-fromCreation / RACE_MEAN_MS);
  }, 0);
}

function printReplays(files: string[]): void {
  const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as RecordedRun);
  const ratio = (run: RecordedRun, wins: number) => (wins / run.together).toFixed(2);
  const rows = runs.map((run) => [
    `${mean(run.orders.map((o) => o.acceptedMs - o.createdMs)).toFixed(0)} ms`,
    ratio(run, run.apart),
    ...PACINGS.map((pacing) => ratio(run, replayed(run, pacing))),
    ratio(run, run.best),
  ]);
  console.log(
    '\nRecorded runs of coalescing-planet.test.ts: expected wins of the single requests ÷ those of one request.\n',
  );
  console.log(
    table(
      [
        'creation → 202',
        'cancelq, measured',
        ...PACINGS.map((p) => `${p.name}, replayed`),
        'the best any pacing could',
      ],
      rows,
    ).join('\n'),
  );
}

const rows = SURGES.map((surge) => [
  surge.name,
  ...PACINGS.map((pacing) => {
    const all = Array.from({ length: SEEDS }, (_, seed) =>
      waits(arrivals(surge, 7_919 * (seed + 1)), pacing),
    ).flat();
    return `${mean(all).toFixed(0)} ms, ${(mean(all.map(raceWon)) * 100).toFixed(1)} %`;
  }),
]);
const oneRequest = raceWon(0);
console.log(
  `Mean wait for a call, and races won. One request of all the orders wins ${(oneRequest * 100).toFixed(1)} %; ` +
    `the test's goal, 0.9 × that, is ${(0.9 * oneRequest * 100).toFixed(1)} %.\n`,
);
console.log(table(['surge', ...PACINGS.map((p) => p.name)], rows).join('\n'));
if (process.argv.length > 2) printReplays(process.argv.slice(2));
