import { readEnv } from './env.ts';
import { listenSimulator } from './listen.ts';

// Process entry: `tsx src/main.ts`. Prints one JSON ready line on stdout (harnesses wait for
// it); everything else goes to stderr. Exits 0 on SIGTERM/SIGINT.

const SHUTDOWN_TIMEOUT_MS = 5_000;

async function main(): Promise<void> {
  const env = readEnv(process.env);
  const running = await listenSimulator({
    host: env.host,
    port: env.port,
    planet: { apiKey: env.planetApiKey, accounts: env.planetAccounts, seedOrders: env.seedOrders },
    planomatic: {
      apiToken: env.planomaticApiToken,
      accounts: env.planomaticAccounts,
      tokenField: env.planomaticTokenField,
      seedOrders: env.seedOrders,
    },
    hypertrack: {
      accountId: env.hypertrackAccountId,
      secretKey: env.hypertrackSecretKey,
      accounts: env.hypertrackAccounts,
      seedOrders: env.seedOrders,
    },
    coinw: {
      apiKey: env.coinwApiKey,
      secretKey: env.coinwSecretKey,
      accounts: env.coinwAccounts,
      seedOrders: env.seedOrders,
    },
  });
  process.stdout.write(`${JSON.stringify({ msg: 'simulator ready', url: running.url })}\n`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`provider-sim: ${signal}, shutting down\n`);
    // Bounded: closing destroys every socket, so this only fires if something is badly wrong.
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`provider-sim: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`provider-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
