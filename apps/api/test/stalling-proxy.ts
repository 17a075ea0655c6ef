import net from 'node:net';

/** ioredis writes MULTI as a RESP array of one bulk string. */
const MULTI = /\*1\r\n\$5\r\nmulti\r\n/i;

/**
 * What stalls at the MULTI: `request` holds the transaction before Redis (a paused Redis that
 * applies it when it resumes), `answer` lets Redis apply it and holds its answers (an answer
 * lost on the way back).
 */
export type Stall = 'request' | 'answer';

/**
 * A TCP proxy in front of Redis that can stall a connection at its next MULTI: what a client
 * sees when Redis stops answering just as a transaction goes out. Everything held is delivered,
 * in order, on `release()`.
 */
export interface StallingProxy {
  url: string;
  stallAtNextMulti(stall: Stall): void;
  /** A connection has stalled and not been released. */
  stalled(): boolean;
  release(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  redis: net.Socket;
  toRedis: Buffer[] | null;
  toClient: Buffer[] | null;
}

export async function startStallingProxy(redisUrl: string): Promise<StallingProxy> {
  const target = new URL(redisUrl);
  const pairs = new Set<Pair>();
  let armed: Stall | null = null;
  let stalled: Pair | null = null;

  const server = net.createServer((client) => {
    const redis = net.connect({ host: target.hostname, port: Number(target.port || 6379) });
    const pair: Pair = { client, redis, toRedis: null, toClient: null };
    pairs.add(pair);
    const end = () => {
      client.destroy();
      redis.destroy();
      pairs.delete(pair);
    };
    client.on('error', end).on('close', end);
    redis.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => {
      if (pair.toRedis) return void pair.toRedis.push(chunk);
      const at = armed ? MULTI.exec(chunk.toString('latin1'))?.index : undefined;
      if (at === undefined) return void redis.write(chunk);
      stalled = pair;
      if (armed === 'request') {
        redis.write(chunk.subarray(0, at));
        pair.toRedis = [chunk.subarray(at)];
      } else {
        redis.write(chunk);
        pair.toClient = [];
      }
      armed = null;
    });
    redis.on('data', (chunk: Buffer) => {
      if (pair.toClient) pair.toClient.push(chunk);
      else client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `redis://127.0.0.1:${port}`,
    stallAtNextMulti(stall) {
      armed = stall;
    },
    stalled: () => stalled !== null,
    release() {
      const pair = stalled;
      stalled = null;
      if (!pair) return;
      const { toRedis, toClient } = pair;
      pair.toRedis = null;
      pair.toClient = null;
      for (const chunk of toRedis ?? []) pair.redis.write(chunk);
      for (const chunk of toClient ?? []) pair.client.write(chunk);
    },
    async close() {
      for (const { client, redis } of pairs) {
        client.destroy();
        redis.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
