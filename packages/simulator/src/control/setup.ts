/**
 * Turns `createSimulator`'s `control` option into a control plane: checks the key and the options
 * that cannot go with it, builds the clock and the service host, and registers the hooks and the
 * routes on the server.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import { defaultInventory } from '../inventory/default-inventory.js';
import type { SimulatorOptions } from '../service.js';
import { ControlPlane } from './control-plane.js';
import { type ControlledClock, createControlledClock } from './controlled-clock.js';
import { registerControlRoutes } from './plugin.js';

export interface ControlOptions {
  /** The key the control API accepts in `X-Control-Key`; never one of the appliance's api keys. */
  key: string;
  /** `manual` starts with the clock frozen, for tests that move time themselves; `real` by default. */
  clock?: 'real' | 'manual';
  /** The time the clock starts at, in epoch milliseconds; now by default. */
  startTime?: number;
  /** The page served at `/control/docs/` (`readControlDocsPage`); none by default. */
  docsPage?: () => Promise<string>;
}

interface ServerOptions extends SimulatorOptions {
  apiKeys: string[];
  validateResponses?: boolean;
  control?: ControlOptions;
}

const isControlled = (clock: Clock): clock is ControlledClock =>
  typeof (clock as Partial<ControlledClock>).freeze === 'function' &&
  typeof (clock as Partial<ControlledClock>).advance === 'function';

/** Checks a control key; throws an Error saying what is wrong with it. */
export function checkControlKey(key: string, apiKeys: readonly string[]): void {
  if (key.trim() === '' || /\s/.test(key))
    throw new Error('The control key must be a non-empty token without white space.');
  if (apiKeys.includes(key))
    throw new Error('The control key must differ from every api_key: the two APIs have keys of their own.');
}

export function prepareControl(
  options: ServerOptions,
): { plane: ControlPlane; register(app: FastifyInstance): Promise<void> } | undefined {
  const { control } = options;
  if (!control) return undefined;
  checkControlKey(control.key, options.apiKeys);
  if (options.db) {
    throw new Error('The control API opens its own databases (reset, restore): give dbPath rather than db.');
  }
  if (options.clock && !isControlled(options.clock)) {
    throw new Error('The control API drives its own clock: leave clock out, or give one from createControlledClock.');
  }
  const clock =
    options.clock ??
    createControlledClock({
      speed: options.speed ?? 1,
      frozen: control.clock === 'manual',
      ...(control.startTime === undefined ? {} : { start: control.startTime }),
    });
  const { db: _db, clock: _clock, control: _control, ...rest } = options;
  const plane = new ControlPlane({
    ...rest,
    dbPath: options.dbPath ?? ':memory:',
    clock,
    inventory: options.inventory ?? defaultInventory(),
  });
  return {
    plane,
    async register(app) {
      plane.intercept(app);
      await registerControlRoutes(app, plane, {
        key: control.key,
        ...(control.docsPage ? { docsPage: control.docsPage } : {}),
        validateResponses: options.validateResponses ?? false,
      });
    },
  };
}
