import { readFileSync } from 'node:fs';
import { Cluster, Redis, type ChainableCommander } from 'ioredis';
import type { RedisConnection } from './redis.ts';

/**
 * cancelq's Lua scripts: one script a file in ./lua, its design notes as Lua comments above it
 * (as BullMQ keeps its `commands/`), each made a typed function here.
 *
 * Underneath is ioredis's `defineCommand`, for what it does that a hand-rolled EVALSHA would
 * have to redo: EVALSHA with EVAL as the fallback (ioredis 5 sends EVAL the first time on each
 * connection, so a restarted or failed-over Redis gets the script again, and EVALSHA after), a
 * Cluster routing the call by its keys' slot, and a MULTI carrying the scripts of the client it
 * was made from, so a script joins a transaction like any command.
 *
 * The files are read from ./lua beside this module, once, when a script is first defined on a
 * client (a constructor at startup, so a missing file stops the process at once, not its first
 * request). Under tsx and vitest that is this folder; in a production bundle `import.meta.url`
 * is the bundle, so scripts/build.ts copies this folder next to every bundle that includes this
 * module. Why copy rather than inline the text with esbuild's loader: one code path, the one the
 * tests run; inlining would need its own `.lua` import support in tsx, vitest and tsc alike, and
 * the bundle would run a way of loading scripts that no test ran.
 */
const LUA_DIR = new URL('./lua/', import.meta.url);

export type ScriptArg = string | number;

export interface ScriptSpec {
  /** The command's name on a client: unique among cancelq's scripts, and none of Redis's own. */
  name: string;
  /** The file in ./lua. */
  file: string;
  /** A file in ./lua of local functions the script uses, put before it (Lua has no imports). */
  prelude?: string;
  /**
   * Scripts in ./lua this one runs as steps, by name: each file becomes
   * `local function <name>(KEYS, ARGV)` with its text unchanged, after the prelude, so one
   * script does what their own calls would, in one round trip and atomically.
   */
  steps?: Record<string, string>;
}

/**
 * A Lua script as a function of its KEYS and ARGV. On a client it runs and resolves with the
 * reply; on a MULTI (from `multiWith`) it is queued, and the reply is in `exec()`'s results,
 * as with any ioredis command. `Keys` is usually a labelled tuple, so a call cannot get the
 * count or order of keys wrong; a variadic script takes `string[]`.
 */
export interface Script<Keys extends readonly string[], Args extends readonly ScriptArg[], Result> {
  (client: RedisConnection, keys: Keys, args: Args): Promise<Result>;
  (multi: ChainableCommander, keys: Keys, args: Args): ChainableCommander;
  readonly spec: ScriptSpec;
  /** Makes the script a command of `client` (again: no-op): a MULTI made after carries it. */
  defineOn(client: RedisConnection): void;
}

type Command = (...args: unknown[]) => unknown;

/** Redis's reply is not checked against `Result`: the script's header says what it returns. */
export function defineScript<
  Keys extends readonly string[],
  Args extends readonly ScriptArg[],
  Result,
>(spec: ScriptSpec): Script<Keys, Args, Result> {
  let lua: string | undefined;
  const definedOn = new WeakSet<RedisConnection>();

  const defineOn = (client: RedisConnection): void => {
    if (definedOn.has(client)) return;
    const read = (file: string) => readFileSync(new URL(file, LUA_DIR), 'utf8');
    lua ??= [
      ...(spec.prelude === undefined ? [] : [read(spec.prelude)]),
      ...Object.entries(spec.steps ?? {}).map(
        ([name, file]) => `local function ${name}(KEYS, ARGV)\n${read(file)}\nend`,
      ),
      read(spec.file),
    ].join('\n');
    // No numberOfKeys: each call sends its own key count, from `keys`.
    client.defineCommand(spec.name, { lua });
    definedOn.add(client);
  };

  const run = (target: RedisConnection | ChainableCommander, keys: Keys, args: Args) => {
    if (target instanceof Redis || target instanceof Cluster) defineOn(target);
    const command = (target as unknown as Record<string, unknown>)[spec.name];
    if (typeof command !== 'function')
      throw new Error(
        `script ${spec.name} is not on this MULTI: make it with multiWith(client, [...]), ` +
          "since ioredis copies a client's scripts into a MULTI only when it makes it",
      );
    // The key count, then keys and args as arrays: ioredis flattens them, and a batch can carry
    // more arguments than a JavaScript call may spread (tens of thousands of target ids).
    return (command as Command).call(target, keys.length, keys, args);
  };

  return Object.assign(run, { spec, defineOn }) as Script<Keys, Args, Result>;
}

/**
 * A MULTI on `client` that can queue `scripts`: ioredis copies a client's scripts into a MULTI
 * when it makes it, so they are defined on the client first.
 */
export function multiWith(
  client: RedisConnection,
  scripts: readonly { defineOn(client: RedisConnection): void }[],
): ChainableCommander {
  for (const script of scripts) script.defineOn(client);
  return client.multi();
}
