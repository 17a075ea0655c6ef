import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator, type SimulatorOptions } from './app.ts';

export interface RunningSimulator {
  simulator: Simulator;
  server: Server;
  /** e.g. `http://127.0.0.1:4010`; Planet's base URL is `${url}/planet`. */
  url: string;
  /** Releases held requests, closes every connection (hung ones included), stops listening. */
  stop(): Promise<void>;
}

/** Creates a simulator and listens on `host:port` (port 0 = ephemeral). */
export function listenSimulator(
  options: SimulatorOptions & { host?: string; port?: number } = {},
): Promise<RunningSimulator> {
  const { host = '127.0.0.1', port = 0, ...simOptions } = options;
  const simulator = createSimulator(simOptions);
  return new Promise((resolve, reject) => {
    const server = simulator.app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const hostPart = address.address.includes(':') ? `[${address.address}]` : address.address;
      resolve({
        simulator,
        server,
        url: `http://${hostPart}:${address.port}`,
        stop: () =>
          new Promise<void>((done, fail) => {
            simulator.close();
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
