/**
 * `sim.control`: the typed client of the control API, with the names tests use. Every operation of
 * the control spec is a method (`setReadiness`, `injectFault`, `reset`, …), and a few read better:
 * `advanceClock('1h')`, `requests()`, `freezeClock()`, `resumeClock()`, `setSpeed(60)`.
 */
import {
  type ControlTransportOptions,
  createControlTransport,
  type RequestOptions,
} from '../control/client-transport.js';
import type { Duration } from '../control/duration.js';
import {
  type AdvanceClockBody,
  type ControlOperations,
  createControlOperations,
  type ListRequestsQuery,
} from '../control/generated/client.gen.js';
import type { Clock, RequestRecord } from '../control/generated/models.gen.js';

export interface SimulatorControl extends Omit<ControlOperations, 'advanceClock'> {
  /** Moves the clock forward by `1h`, `90s`, `1h30m` or milliseconds; jobs progress as they would have. */
  advanceClock(by: Duration | AdvanceClockBody, options?: RequestOptions): Promise<Clock>;
  /** The journal: the last requests to the appliance API, oldest first (`listRequests`). */
  requests(query?: ListRequestsQuery, options?: RequestOptions): Promise<RequestRecord[]>;
  /** Stops time; jobs wait until `advanceClock` or `resumeClock`. */
  freezeClock(options?: RequestOptions): Promise<Clock>;
  /** Lets time run again from where it stood. */
  resumeClock(options?: RequestOptions): Promise<Clock>;
  /** How many times faster than the appliance jobs run from now on. */
  setSpeed(speed: number, options?: RequestOptions): Promise<Clock>;
}

export interface ControlClientOptions extends Omit<ControlTransportOptions, 'url'> {
  /** The control API's root: `http://<host>:<port>/control`, as `eyeglass-sim --control` prints it. */
  url: string;
}

/** A client of the control API of a simulator running anywhere (`eyeglass-sim --control`, or `startSimulator`). */
export function controlClient(options: ControlClientOptions): SimulatorControl {
  const operations = createControlOperations(createControlTransport(options));
  return {
    ...operations,
    advanceClock: (by, request) => operations.advanceClock(typeof by === 'object' ? by : { by }, request),
    requests: (query, request) => operations.listRequests(query, request),
    freezeClock: (request) => operations.setClock({ frozen: true }, request),
    resumeClock: (request) => operations.setClock({ frozen: false }, request),
    setSpeed: (speed, request) => operations.setClock({ speed }, request),
  };
}
