import { z } from 'zod';

export interface ClusterNode {
  host: string;
  port: number;
}

/** The seed nodes of a Redis Cluster, and what every node of it takes: one login, TLS or not. */
export interface ClusterSeeds {
  nodes: ClusterNode[];
  username?: string;
  password?: string;
  tls: boolean;
}

/** Where cancelq's Redis is: one server (REDIS_URL), or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = { kind: 'single'; url: string } | ({ kind: 'cluster' } & ClusterSeeds);

const DEFAULT_PORT = 6379;

/** An entry as an error message may show it: a password it carries is not repeated on stderr. */
const shown = (entry: string) => entry.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/]*@/i, '$1***@');

/** One entry of REDIS_CLUSTER_NODES, or a message saying what is wrong with it. */
function parseEntry(raw: string): (ClusterNode & Partial<ClusterSeeds>) | string {
  const entry = shown(raw);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `redis://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return `"${entry}" is not host:port`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return `"${entry}": only redis:// and rediss:// are understood`;
  if (url.hostname === '') return `"${entry}" names no host`;
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '')
    return `"${entry}": a Cluster has only database 0 and takes no options in the URL`;
  return {
    // URL keeps an IPv6 address in brackets; a socket wants it bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? DEFAULT_PORT : Number(url.port),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: true } : {}),
  };
}

/**
 * REDIS_CLUSTER_NODES: comma-separated `host:port` or `redis[s]://[user:password@]host:port`.
 * A few seeds are enough: the client learns the rest of the cluster from any one of them. The
 * login and TLS given with any entry apply to every node, since the client reaches nodes it
 * was never told about; entries that disagree on them are refused rather than half-applied.
 */
export const clusterNodes = z
  .string()
  .optional()
  .transform((text, ctx): ClusterSeeds | undefined => {
    if (text === undefined) return undefined;
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const parsed = entries.map(parseEntry);
    const problems = parsed.filter((entry) => typeof entry === 'string');
    const nodes = parsed.filter((entry) => typeof entry !== 'string');
    const differ = (field: 'username' | 'password' | 'tls') =>
      new Set(nodes.map((node) => node[field]).filter((value) => value !== undefined)).size > 1;
    if (entries.length === 0) problems.push('names no node');
    if (differ('username') || differ('password'))
      problems.push('entries give different logins; every node of a cluster takes the same one');
    if (nodes.some((node) => node.tls) && !nodes.every((node) => node.tls))
      problems.push('mixes redis:// and rediss://; TLS is all or nothing on a cluster');
    if (problems.length > 0) {
      ctx.addIssue({ code: 'custom', message: problems.join('; ') });
      return z.NEVER;
    }
    const username = nodes.find((node) => node.username)?.username;
    const password = nodes.find((node) => node.password)?.password;
    return {
      nodes: nodes.map(({ host, port }) => ({ host, port })),
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      tls: nodes.some((node) => node.tls),
    };
  });

/** The Redis the environment names; REDIS_CLUSTER_NODES, when set, replaces REDIS_URL. */
export function redisTargetOf(env: {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: ClusterSeeds | undefined;
}): RedisTarget {
  return env.REDIS_CLUSTER_NODES
    ? { kind: 'cluster', ...env.REDIS_CLUSTER_NODES }
    : { kind: 'single', url: env.REDIS_URL };
}
