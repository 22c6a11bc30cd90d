import { describe, expect, it } from 'vitest';
import { resolveApiKeys } from '../../src/cli/api-keys.js';
import { buildProgram } from '../../src/cli/main.js';
import { createFakeClock, createRealClock } from '../../src/index.js';

/** Parses eyeglass-sim arguments; returns the options, or the one error line commander would print. */
function parse(...args: string[]): { options?: Record<string, unknown>; error?: string } {
  let error = '';
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeErr: (text) => (error += text), writeOut: () => {} });
  try {
    return { options: program.parse(['node', 'eyeglass-sim', ...args]).opts() };
  } catch {
    return { error: error.split('\n')[0] };
  }
}

describe('eyeglass-sim options', () => {
  it.each(['0', '8080', '65535', '00080'])('takes --port %s', (port) => {
    expect(parse('--port', port).options?.port).toBe(Number(port));
  });

  it.each(['0x50', '1e3', '80.0', '+80', ' 80', '-1', '65536', '', 'eighty', '0b1010', '0o120'])(
    'refuses --port %j: decimal 0 to 65535 only',
    (port) => {
      expect(parse('--port', port).error).toBe(
        `error: option '--port <port>' argument '${port}' is invalid. must be a port number in decimal, 0 to 65535.`,
      );
    },
  );

  it.each(['', ' ', '\t'])('refuses --api-key %j', (key) => {
    expect(parse('--api-key', key).error).toBe(
      `error: option '--api-key <key>' argument '${key}' is invalid. must not be empty.`,
    );
  });

  it.each(['0.001', '1', '60', '1000000'])('takes --speed %s', (speed) => {
    expect(parse('--speed', speed).options?.speed).toBe(Number(speed));
  });

  it.each(['1e-320', '0.000001', '0.0009', '0', '-1', '1000001', '1e308', 'Infinity', 'NaN', 'fast'])(
    'refuses --speed %s, naming the range',
    (speed) => {
      expect(parse('--speed', speed).error).toBe(
        `error: option '--speed <factor>' argument '${speed}' is invalid. must be a number from 0.001 to 1000000.`,
      );
    },
  );
});

describe('the clock speed', () => {
  it.each([1e-320, 0.000001, 1_000_001, Number.POSITIVE_INFINITY, 0])('is refused at %s, naming the range', (speed) => {
    const message = `The speed factor must be a number from 0.001 to 1000000, not ${speed}.`;
    expect(() => createRealClock({ speed })).toThrow(message);
    expect(() => createFakeClock({ speed })).toThrow(message);
  });

  it('refuses to schedule a delay longer than a timer can wait, rather than run it at once', () => {
    const clock = createRealClock({ speed: 1 });
    expect(() => clock.schedule(2 ** 31, () => {})).toThrow(
      'A delay of 2147483648 ms is longer than a timer can wait (2147483647 ms).',
    );
    clock.schedule(2 ** 31 - 1, () => {}).cancel();
  });
});

describe('the API keys of eyeglass-sim', () => {
  it('refuses an environment variable that holds only separators, rather than fall back to the development key', async () => {
    await expect(resolveApiKeys([], ' , ,', ':memory:')).rejects.toThrow(
      'EYEGLASS_SIM_API_KEYS holds no key: give comma-separated keys, or leave it empty for the development key.',
    );
    expect((await resolveApiKeys([], 'igls-a, igls-b,', ':memory:')).keys).toEqual(['igls-a', 'igls-b']);
    expect((await resolveApiKeys([], '', ':memory:')).development).toBeDefined();
  });
});
