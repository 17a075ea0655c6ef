import { duplicateForSubscriber, type RedisConnection } from '@cancelq/queue';

/** Called with the new version each time a cancellation's record changes. */
export type ChangeListener = (version: number) => void;

/**
 * Every change of every cancellation's record, as the outcome store publishes it (`<id>
 * <version>` on one channel, see queue/src/lua/resolve-targets.lua), fanned out to this process's
 * listeners. One subscriber connection per API process, opened at the first listener: pub/sub
 * reaches every replica, so a stream on one API sees what a worker wrote anywhere. A message
 * lost to a reconnect is made up by the listeners' own periodic look (see stream-cancellation).
 */
export class CancellationEvents {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private subscriber: RedisConnection | null = null;
  private subscribed: Promise<unknown> | null = null;

  constructor(
    private readonly redis: RedisConnection,
    private readonly channel: string,
  ) {}

  /** Starts telling `listener` of changes to `id`; resolves once subscribed, with the stop. */
  async listen(id: string, listener: ChangeListener): Promise<() => void> {
    const forId = this.listeners.get(id) ?? new Set<ChangeListener>();
    forId.add(listener);
    this.listeners.set(id, forId);
    await this.subscribe();
    return () => {
      forId.delete(listener);
      if (forId.size === 0) this.listeners.delete(id);
    };
  }

  /** Streams of this process following `id` now. */
  following(id: string): number {
    return this.listeners.get(id)?.size ?? 0;
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    this.subscribed = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private subscribe(): Promise<unknown> {
    if (this.subscribed) return this.subscribed;
    // A connection of its own: one in subscriber mode can run no other command. It queues
    // while Redis is away (unlike the API's fail-fast one) and subscribes again on reconnect;
    // on a Cluster, on another node when its node goes (PUBLISH reaches every node).
    const subscriber = duplicateForSubscriber(this.redis);
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, message: string) => this.deliver(message));
    this.subscriber = subscriber;
    this.subscribed = subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.subscribed = null;
      throw error;
    });
    return this.subscribed;
  }

  private deliver(message: string): void {
    const space = message.lastIndexOf(' ');
    const listeners = this.listeners.get(message.slice(0, space));
    if (!listeners) return;
    const version = Number(message.slice(space + 1));
    for (const listener of listeners) listener(version);
  }
}
