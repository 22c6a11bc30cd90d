/**
 * The simulator of the soak, as a child process of its own, so that its memory is measured
 * without the load generator's: the HTTP server of `eyeglass-sim` on a file database, logging
 * every request as the command does (into /dev/null). It tells its parent where it listens and
 * answers `memory` requests with `process.memoryUsage()` after a full garbage collection (run
 * it with `--expose-gc`).
 *   usage: soak-server.ts <database path> <speed> <api key> <retention as JSON>
 */
import { pino } from 'pino';
import { createSimulator, type RetentionOverrides } from '../../src/index.js';

export type SoakServerMessage =
  | { type: 'listening'; origin: string }
  | { type: 'memory'; id: number; usage: NodeJS.MemoryUsage; collected: boolean };

/** What the parent asks. */
export type SoakServerRequest = { type: 'memory'; id: number } | { type: 'close' };

const [dbPath, speed, apiKey, retention] = process.argv.slice(2);
if (!dbPath || !speed || !apiKey || !retention || !process.send)
  throw new Error('usage: soak-server.ts <db> <speed> <api key> <retention>, with an IPC channel');
const send = process.send.bind(process);

const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
const { app } = await createSimulator({
  dbPath,
  apiKeys: [apiKey],
  speed: Number(speed),
  retention: JSON.parse(retention) as RetentionOverrides,
  logger,
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (typeof address !== 'object' || !address) throw new Error('The server has no address.');

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: SoakServerRequest) => {
  if (message.type === 'memory') {
    // Two passes: the first may leave objects whose finalizers free more.
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    send({ type: 'memory', id: message.id, usage, collected: gc !== undefined } satisfies SoakServerMessage);
  } else if (message.type === 'close') {
    void app.close().then(() => process.disconnect());
  }
});
send({ type: 'listening', origin: `http://127.0.0.1:${address.port}` } satisfies SoakServerMessage);
