import type { Socket } from 'node:net';

/**
 * Requests the simulator deliberately holds open: hung calls (never answered) and answers
 * waiting out an artificial latency. Reset and shutdown must release them, or a hung socket
 * keeps the test's HTTP server (and the process) alive forever.
 */
export class InFlight {
  private readonly hung = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  hold(socket: Socket): void {
    this.hung.add(socket);
    socket.once('close', () => this.hung.delete(socket));
  }

  /** Resolves after `ms`, or never if released first (the socket is gone by then anyway). */
  delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Destroys hung sockets. Pending latency timers are left to finish: those calls are real. */
  releaseHung(): void {
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
  }

  releaseAll(): void {
    this.releaseHung();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
