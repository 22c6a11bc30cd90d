import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { killLeftoverSimulators, runSimulatorProcess } from '../fixtures/simulator-process.js';

afterEach(killLeftoverSimulators);

/** An IPv4 address of this machine other than loopback, if it has one. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('the address eyeglass-sim listens on', () => {
  it('is 127.0.0.1 unless --host says otherwise', () => {
    expect(buildProgram().parse([], { from: 'user' }).opts().host).toBe('127.0.0.1');
    expect(buildProgram().parse(['--host', '0.0.0.0'], { from: 'user' }).opts().host).toBe('0.0.0.0');
  });

  it.skipIf(externalAddress === undefined)(
    'takes connections on loopback only by default, and on other interfaces only when asked',
    async () => {
      const local = await runSimulatorProcess(['--api-key', 'igls-bindKEY00000000000000000000000']);
      const { hostname, port } = new URL(local.url);
      expect(hostname).toBe('127.0.0.1');
      expect(await accepts('127.0.0.1', Number(port))).toBe(true);
      expect(await accepts(externalAddress!, Number(port))).toBe(false);
      await local.stop();

      // The same check sees a server that does listen on every interface.
      const everywhere = await runSimulatorProcess([
        '--api-key',
        'igls-bindKEY00000000000000000000000',
        '--host',
        '0.0.0.0',
      ]);
      expect(await accepts(externalAddress!, Number(new URL(everywhere.url).port))).toBe(true);
      await everywhere.stop();
    },
    20_000,
  );
});
