/**
 * Fuzzes the simulator with the conformance kit: a few launches first so that jobs exist, then
 * the valid, invalid, auth and vendor properties over every operation, with the fake clock moved on after
 * each request so that jobs start, run, finish and free what they hold while the requests go on.
 */
import {
  type ConformanceReport,
  CreatedIds,
  type PropertyName,
  runConformance,
  runWireChecks,
  type WireCheck,
} from '@eyeglass-jobs/conformance';
import { basePath, type OperationId, operations } from '@eyeglass-jobs/spec';
import type { Inventory } from '../../src/index.js';
import { simulatorApiKey, startSimulatorTarget } from './simulator-target.js';

export interface FuzzOptions {
  /** Replays a run; random otherwise. */
  seed?: number;
  /** Requests per operation and property. */
  runs: number;
  /** Clock time that passes after each request, in milliseconds. */
  tickMs?: number;
  properties?: PropertyName[];
  /** Over a loopback socket rather than in process. */
  http?: boolean;
}

export interface FuzzResult {
  report: ConformanceReport;
  /** The launches made before the properties ran. */
  setupRequests: number;
  /** Over a socket (`http`): the checks only a raw HTTP/1.1 connection can make. */
  wire: WireCheck[];
}

/** The launches that give the properties jobs to read, cancel and conflict with: one of each kind. */
function setupLaunches(inventory: Inventory): Array<[OperationId, Record<string, string>]> {
  const [first, second, third] = inventory.zones;
  if (!first || !second || !third) throw new Error('The fuzz run needs an inventory of at least three zones.');
  return [
    ['launchFailover', { sourceid: first.source, targetid: first.target, failovertarget: first.id }],
    [
      'launchFailover',
      { sourceid: second.source, targetid: second.target, failovertarget: second.policies[0]!.id, controlled: 'false' },
    ],
    ['launchDrTest', { enable: 'true', policy: third.policies[0]!.id }],
    ['runReadinessJob', {}],
    ['runReplicationJob', {}],
  ];
}

export async function fuzzSimulator(options: FuzzOptions): Promise<FuzzResult> {
  const simulator = await startSimulatorTarget({ http: options.http === true });
  const origin = simulator.origin;
  try {
    const createdIds = new CreatedIds();
    const launches = setupLaunches(simulator.service.inventory);
    for (const [operationId, query] of launches) {
      const op = operations.find((candidate) => candidate.operationId === operationId)!;
      const search = new URLSearchParams(query).toString();
      const response = await simulator.target({
        method: op.method,
        path: `${basePath}${op.path}${search ? `?${search}` : ''}`,
        headers: { api_key: simulatorApiKey },
      });
      if (!createdIds.record(operationId, response)) {
        throw new Error(`The setup launch ${operationId} answered ${response.status}: ${response.body}`);
      }
    }
    const tickMs = options.tickMs ?? 1_000;
    const report = await runConformance({
      target: simulator.target,
      apiKey: simulatorApiKey,
      numRuns: options.runs,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.properties ? { properties: options.properties } : {}),
      knownValues: simulator.knownValues,
      createdIds,
      onExchange: () => simulator.clock.advance(tickMs),
    });
    const wire = origin ? await runWireChecks({ origin, apiKey: simulatorApiKey }) : [];
    return { report, setupRequests: launches.length, wire };
  } finally {
    await simulator.close();
  }
}
