/**
 * The inventory: the clusters (Nodes), access zones, SyncIQ policies and SmartConnect pools the
 * simulator pretends to manage, with each entry's configured readiness and injected faults. It
 * is read from a JSON file (format in the package README) and checked field by field, so a
 * mistake names the field at fault.
 */
import { readFileSync } from 'node:fs';
import type { ReadinessStatus } from '@eyeglass-jobs/types';
import { stepNames } from '../domain/step-names.js';

/** The readiness statuses an inventory may configure; the others follow from jobs (a failover, a rehearsal). */
export const configurableReadiness = ['OK', 'INFO', 'WARNING', 'ERROR', 'DISABLED', 'NOT_ELIGIBLE'] as const;
export type ConfiguredReadiness = (typeof configurableReadiness)[number] & ReadinessStatus;

export interface NodeEntry {
  id: string;
  name: string;
  ip: string;
}

export interface ReadinessSetting {
  status: ConfiguredReadiness;
  /** Why; shown in `readinessDetail` and in a blocked failover's reason. */
  reason: string;
  /** The readiness check that reports it. */
  check: string;
}

/** A fault injected into every job step of `step` (a step name, or the name of a group above it) that acts on the entry. */
export interface Fault {
  step: string;
  status: 'ERROR' | 'WARNING';
  info: string;
}

export interface PolicyEntry {
  id: string;
  name: string;
  /** The replicated directory, for log lines. */
  path: string;
  readiness: ReadinessSetting;
  faults: Fault[];
}

export interface PoolEntry {
  /** `groupName:subnetName:poolName`, as the `pool` parameter names it. */
  id: string;
  smartConnectZone: string;
  /** The ids of the zone's policies whose data this pool serves. */
  policies: string[];
  /** The pool's own readiness, when configured; otherwise it has the readiness of what it serves. */
  readiness?: ReadinessSetting;
  faults: Fault[];
}

export interface ZoneEntry {
  id: string;
  name: string;
  /** The cluster the zone is active on at first; its policies replicate from here to `target`. */
  source: string;
  target: string;
  readiness: ReadinessSetting;
  faults: Fault[];
  policies: PolicyEntry[];
  pools: PoolEntry[];
}

export interface Inventory {
  nodes: NodeEntry[];
  zones: ZoneEntry[];
}

/** An inventory that breaks the format; `path` names the field, as in `zones[1].policies[0].id`. */
export class InventoryError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}inventory.${path}: ${problem}`);
    this.name = 'InventoryError';
  }
}

const nodeIdPattern = /^(.+)_[0-9a-f]{36}$/;
const poolIdPattern = /^[^:]+:[^:]+:[^:]+$/;

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InventoryError(path, 'must be an object');
  return value as Json;
}

function allowOnly(value: Json, path: string, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key))
      throw new InventoryError(`${path}.${key}`, `is not a known field (known: ${keys.join(', ')})`);
  }
}

function text(value: Json, key: string, path: string, fallback?: string): string {
  const field = value[key];
  if (field === undefined && fallback !== undefined) return fallback;
  if (typeof field !== 'string') throw new InventoryError(`${path}.${key}`, 'must be a string');
  if (fallback === undefined && field.trim() === '') throw new InventoryError(`${path}.${key}`, 'must not be empty');
  return field;
}

/**
 * An id the API must be able to address: no white space around it, and, for what `failovertarget`
 * names (zones and policies), no comma, since the route splits the parameter on commas and trims
 * each part. An id that breaks this would load and then answer 404 whatever a client sent.
 */
function id(value: Json, path: string, inFailoverTarget: boolean): string {
  const field = text(value, 'id', path);
  if (field.trim() !== field) {
    throw new InventoryError(`${path}.id`, `must not begin or end with white space, not ${JSON.stringify(field)}`);
  }
  if (inFailoverTarget && field.includes(',')) {
    throw new InventoryError(
      `${path}.id`,
      `must not contain a comma (failovertarget separates policy ids with commas), not ${JSON.stringify(field)}`,
    );
  }
  return field;
}

function list(value: Json, key: string, path: string, required: boolean): unknown[] {
  const field = value[key];
  if (field === undefined && !required) return [];
  if (!Array.isArray(field)) throw new InventoryError(`${path}.${key}`, 'must be an array');
  return field;
}

function oneOf<T extends string>(value: Json, key: string, path: string, allowed: readonly T[], fallback: T): T {
  const field = value[key] ?? fallback;
  if (typeof field !== 'string' || !(allowed as readonly string[]).includes(field)) {
    throw new InventoryError(`${path}.${key}`, `must be one of ${allowed.join(', ')}, not ${JSON.stringify(field)}`);
  }
  return field as T;
}

function unique(ids: Map<string, string>, id: string, path: string): void {
  const first = ids.get(id);
  if (first) throw new InventoryError(path, `repeats the id ${id} of ${first}`);
  ids.set(id, path);
}

function readReadiness(value: unknown, path: string, defaultCheck: string): ReadinessSetting {
  if (value === undefined) return { status: 'OK', reason: '', check: defaultCheck };
  const setting = object(value, path);
  allowOnly(setting, path, ['status', 'reason', 'check']);
  return {
    status: oneOf(setting, 'status', path, configurableReadiness, 'OK'),
    reason: text(setting, 'reason', path, ''),
    check: text(setting, 'check', path, defaultCheck),
  };
}

const knownStepNames = new Map(Object.values(stepNames).map((name) => [name.toLowerCase(), name]));

function readFaults(value: Json, path: string): Fault[] {
  return list(value, 'faults', path, false).map((item, index) => {
    const at = `${path}.faults[${index}]`;
    const fault = object(item, at);
    allowOnly(fault, at, ['step', 'status', 'info']);
    const step = knownStepNames.get(text(fault, 'step', at).toLowerCase());
    if (!step) {
      throw new InventoryError(
        `${at}.step`,
        `is not a step the simulator runs (steps: ${[...knownStepNames.values()].join(', ')})`,
      );
    }
    const status = oneOf(fault, 'status', at, ['ERROR', 'WARNING'] as const, 'ERROR');
    return { step, status, info: text(fault, 'info', at, `Injected ${status.toLowerCase()} at step "${step}".`) };
  });
}

function readNode(item: unknown, path: string): NodeEntry {
  const node = object(item, path);
  allowOnly(node, path, ['id', 'name', 'ip']);
  const entry = { id: id(node, path, false), name: text(node, 'name', path), ip: text(node, 'ip', path) };
  const match = nodeIdPattern.exec(entry.id);
  if (!match || match[1] !== entry.name) {
    throw new InventoryError(
      `${path}.id`,
      `must be the cluster name, "_" and 36 lowercase hex digits (${entry.name}_<36 hex>), not ${entry.id}`,
    );
  }
  return entry;
}

function readPolicy(item: unknown, path: string): PolicyEntry {
  const policy = object(item, path);
  allowOnly(policy, path, ['id', 'name', 'path', 'readiness', 'faults']);
  const name = text(policy, 'name', path);
  return {
    id: id(policy, path, true),
    name,
    path: text(policy, 'path', path, `/ifs/${name}`),
    readiness: readReadiness(policy.readiness, `${path}.readiness`, 'SyncIQ policy state'),
    faults: readFaults(policy, path),
  };
}

function readPool(item: unknown, path: string, policies: PolicyEntry[]): PoolEntry {
  const pool = object(item, path);
  allowOnly(pool, path, ['id', 'smartConnectZone', 'policies', 'readiness', 'faults']);
  const poolId = id(pool, path, false);
  if (!poolIdPattern.test(poolId))
    throw new InventoryError(`${path}.id`, `must be groupName:subnetName:poolName, not ${poolId}`);
  const served = list(pool, 'policies', path, true).map((policyId, index) => {
    if (typeof policyId !== 'string' || !policies.some((policy) => policy.id === policyId)) {
      throw new InventoryError(
        `${path}.policies[${index}]`,
        `must be the id of a policy of this zone, not ${JSON.stringify(policyId)}`,
      );
    }
    return policyId;
  });
  const poolName = poolId.split(':')[2] ?? poolId;
  return {
    id: poolId,
    smartConnectZone: text(pool, 'smartConnectZone', path, `${poolName}.example.com`),
    policies: served,
    ...(pool.readiness === undefined
      ? {}
      : { readiness: readReadiness(pool.readiness, `${path}.readiness`, 'SmartConnect pool') }),
    faults: readFaults(pool, path),
  };
}

function readZone(item: unknown, path: string, nodes: Map<string, NodeEntry>, ids: Map<string, string>): ZoneEntry {
  const zone = object(item, path);
  allowOnly(zone, path, ['id', 'name', 'source', 'target', 'readiness', 'faults', 'policies', 'pools']);
  const entry: ZoneEntry = {
    id: id(zone, path, true),
    name: text(zone, 'name', path),
    source: text(zone, 'source', path),
    target: text(zone, 'target', path),
    readiness: readReadiness(zone.readiness, `${path}.readiness`, 'Access zone configuration'),
    faults: readFaults(zone, path),
    policies: [],
    pools: [],
  };
  unique(ids, entry.id, `${path}.id`);
  for (const end of ['source', 'target'] as const) {
    if (!nodes.has(entry[end]))
      throw new InventoryError(`${path}.${end}`, `must be the id of a node in nodes, not ${entry[end]}`);
  }
  if (entry.source === entry.target) throw new InventoryError(`${path}.target`, 'must differ from source');
  entry.policies = list(zone, 'policies', path, true).map((policy, index) =>
    readPolicy(policy, `${path}.policies[${index}]`),
  );
  if (entry.policies.length === 0) throw new InventoryError(`${path}.policies`, 'must hold at least one policy');
  entry.policies.forEach((policy, index) => {
    unique(ids, policy.id, `${path}.policies[${index}].id`);
  });
  const poolIds = new Map<string, string>();
  entry.pools = list(zone, 'pools', path, false).map((pool, index) => {
    const read = readPool(pool, `${path}.pools[${index}]`, entry.policies);
    unique(poolIds, read.id, `${path}.pools[${index}].id`);
    return read;
  });
  return entry;
}

/** Checks an inventory read from JSON; throws an `InventoryError` naming the first bad field. */
export function parseInventory(value: unknown, source?: string): Inventory {
  try {
    const root = object(value, '(root)');
    allowOnly(root, '(root)', ['$schema', 'nodes', 'zones']);
    const nodes = new Map<string, NodeEntry>();
    const ids = new Map<string, string>();
    for (const [index, item] of list(root, 'nodes', '(root)', true).entries()) {
      const node = readNode(item, `nodes[${index}]`);
      unique(ids, node.id, `nodes[${index}].id`);
      nodes.set(node.id, node);
    }
    if (nodes.size < 2) throw new InventoryError('nodes', 'must hold at least two clusters, a source and a target');
    const zones = list(root, 'zones', '(root)', true).map((zone, index) =>
      readZone(zone, `zones[${index}]`, nodes, ids),
    );
    if (zones.length === 0) throw new InventoryError('zones', 'must hold at least one access zone');
    return { nodes: [...nodes.values()], zones };
  } catch (error) {
    if (error instanceof InventoryError && source) throw new InventoryError(error.path, error.problem, source);
    throw error;
  }
}

/** Reads and checks an inventory file. */
export function loadInventoryFile(path: string): Inventory {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the inventory ${path}: ${(error as Error).message}`);
  }
  return parseInventory(parsed, path);
}
