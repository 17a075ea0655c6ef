import net from 'node:net';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { waitFor } from './wait-for.ts';

export interface RedisWrite {
  /** Lower case, as `hset`. */
  command: string;
  key: string;
}

const READS = new Set([
  'exists',
  'get',
  'hget',
  'hmget',
  'hgetall',
  'pttl',
  'publish',
  'time',
  'zcard',
  'zcount',
  'zrange',
  'zrangebyscore',
  'zscore',
]);

/**
 * Every command Redis ran while `work` ran, scripts' commands included, in order, each as its
 * arguments (the command first): read from MONITOR, so as Redis ran them.
 *
 * MONITOR is read from a socket of its own, by hand: ioredis's `monitor()` takes the first
 * monitored lines for replies when they come in the same packet as MONITOR's own OK, and
 * fails ("Command queue state error") whenever other clients are busy, as in a test run.
 */
export async function redisCommandsOf(
  redis: Redis,
  work: () => Promise<unknown>,
): Promise<string[][]> {
  const { host, port, username, password } = redis.options;
  const socket = net.connect({ host: host ?? '127.0.0.1', port: port ?? 6379 });
  await once(socket, 'connect');
  const seen: string[][] = [];
  const replies: string[] = [];
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const args = monitoredArgs(line);
      if (args) seen.push(args);
      else replies.push(line);
    }
  });
  const login = password ? [username ? ['AUTH', username, password] : ['AUTH', password]] : [];
  socket.write([...login, ['MONITOR']].map(resp).join(''));
  const end = `end-of-work-${process.pid}-${Date.now()}`;
  try {
    await waitFor(() => (replies.length > login.length ? true : null), { what: 'MONITOR' });
    if (replies.some((reply) => !reply.startsWith('+OK')))
      throw new Error(`MONITOR refused: ${replies.join(' | ')}`);
    await work();
    await redis.echo(end);
    await waitFor(() => (seen.some((args) => args[1] === end) ? true : null), {
      what: 'MONITOR to show the work',
    });
  } finally {
    socket.destroy();
  }
  return seen;
}

/**
 * The write commands Redis ran on keys under `prefix` while `work` ran (see redisCommandsOf).
 * Every write goes to the AOF and to each replica; tests of what a step costs there count these.
 */
export async function redisWritesOf(
  redis: Redis,
  prefix: string,
  work: () => Promise<unknown>,
): Promise<RedisWrite[]> {
  return (await redisCommandsOf(redis, work))
    .filter((args) => args[1]?.startsWith(prefix))
    .map((args) => ({ command: (args[0] ?? '').toLowerCase(), key: args[1] ?? '' }))
    .filter((write) => !READS.has(write.command));
}

function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/**
 * A monitored command's arguments, from its line (`+1700000000.123456 [0 127.0.0.1:5000]
 * "hset" "key" "a\"b"`: each quoted, escaped as Redis's sdscatrepr does); null for any other
 * line (a reply).
 */
function monitoredArgs(line: string): string[] | null {
  const match = /^\+\d+\.\d+ \[[^\]]*\] (.*)$/s.exec(line);
  if (!match?.[1]) return null;
  const text = match[1];
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i += 1;
      continue;
    }
    let arg = '';
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const next = text[i + 1] ?? '';
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' };
        if (next === 'x') {
          arg += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
        } else {
          arg += simple[next] ?? next;
          i += 2;
        }
      } else {
        arg += text[i];
        i += 1;
      }
    }
    args.push(arg);
    i += 1;
  }
  return args;
}
