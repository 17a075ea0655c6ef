import { fixed, met, range, table, whole } from '../harness/markdown.ts';
import type { Results } from '../results.ts';
import { SINGLES_TARGET_PER_S } from '../enqueue.ts';

/** The enqueue benchmark's table: accepted/s and CPU per path, against raw BullMQ. */
export function enqueueSection(r: NonNullable<Results['enqueue']>): string[] {
  const n = whole(r.cancellations);
  const cpu = (arm: keyof typeof r.cpu) => [
    range(r.cpu[arm].producer_ms_per_1k, whole),
    range(r.cpu[arm].redis_ms_per_1k, whole),
  ];
  return [
    `**Enqueue**: ${n} cancellations of one HyperTrack order each (one job each, like raw BullMQ's), no worker running; ` +
      'and the same number of single-order Planet cancellations in batches, which share call jobs (a batch of 1,000 adds 10 at 100 ids a call). ' +
      'CPU is per 1,000 cancellations: the producer (the API process; for raw BullMQ, the benchmark process) and redis-server.',
    '',
    ...table(
      ['path', 'accepted/s', 'producer CPU ms', 'Redis CPU ms', 'target', 'met'],
      [
        [
          `\`POST /v1/cancellations\`, ${r.in_flight} in flight`,
          range(r.singles_per_s, whole),
          ...cpu('singles'),
          `≥ ${whole(SINGLES_TARGET_PER_S)}`,
          met(r.singles_per_s.median >= SINGLES_TARGET_PER_S),
        ],
        [
          `\`POST /v1/cancellations/batch\`, ${whole(r.batch_size)} per call`,
          range(r.batch_per_s, whole),
          ...cpu('batch'),
          '—',
          '—',
        ],
        [
          `\`POST /v1/cancellations/batch\`, ${whole(r.batch_size)} single-order Planet cancellations per call`,
          range(r.shared_batch_per_s, whole),
          ...cpu('shared'),
          '—',
          '—',
        ],
        [
          `raw BullMQ \`Queue.addBulk\`, ${whole(r.batch_size)} per call`,
          range(r.raw_per_s, whole),
          ...cpu('raw'),
          '—',
          '—',
        ],
        [
          'batch ÷ raw',
          range(r.batch_over_raw, fixed(2)),
          '',
          '',
          `≥ ${r.target.toFixed(2)}`,
          met(r.met),
        ],
      ],
    ),
  ];
}
