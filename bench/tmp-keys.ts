import { drainEnv, drainSpecs } from './drain-specs.ts';
import { queueIdle } from './queue-idle.ts';
import { startStack } from './harness/stack.ts';

const N = 200;
const specs = drainSpecs({ workers: [1], coinwIds: N * 20, planomaticCancellations: N, planetOrders: N, hypertrackOrders: N });
const provider = (process.argv[2] ?? 'hypertrack') as 'hypertrack';
const spec = specs.find((s) => s.provider === provider)!;
const stack = await startStack({ workers: 1, env: { ...drainEnv(specs), [`${provider.toUpperCase()}_RATE_LIMIT`]: '1000/1s' } });
if (process.env.LP) await stack.redis.config('SET', 'hash-max-listpack-value', process.env.LP);
await stack.sim[provider].setLimit({ max: 100000, duration_ms: 1000 });
await spec.submit(stack);
await queueIdle(stack, provider);
await new Promise((r) => setTimeout(r, 1500));
const keys = await stack.redis.keys('*');
const groups = new Map<string, { n: number; bytes: number; type: string }>();
let total = 0;
for (const key of keys) {
  const bytes = Number(await stack.redis.memory('USAGE', key, 'SAMPLES', 0));
  const type = await stack.redis.type(key);
  const enc = await stack.redis.object('ENCODING', key);
  const pattern = key.replace(stack.prefix, 'P').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID').replace(/:\d+$/, ':N').replace(/ID-\d+/, 'ID-n');
  const g = groups.get(pattern) ?? { n: 0, bytes: 0, type: `${type}/${enc}` };
  g.n += 1; g.bytes += bytes; total += bytes;
  groups.set(pattern, g);
}
for (const [p, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes))
  console.log(`${p.padEnd(60)} ${g.type.padEnd(22)} n=${String(g.n).padStart(5)} bytes=${String(g.bytes).padStart(8)} per-order=${(g.bytes / spec.ids).toFixed(0)}`);
console.log('total per order', (total / spec.ids).toFixed(0));
const job = keys.find((k) => /:\w+:[0-9a-f-]{36}-1$/.test(k) || /:hypertrack:[^:]+-1$/.test(k));
if (job) { console.log(job, await stack.redis.hgetall(job)); console.log(await stack.redis.lrange(`${job}:logs`, 0, -1)); }
const rec = keys.find((k) => /cancellation:[0-9a-f-]{36}$/.test(k));
if (rec) { console.log(await stack.redis.hgetall(rec)); console.log(await stack.redis.hgetall(rec + ':targets')); console.log(await stack.redis.get(rec + ':request')); }
await stack.close();
