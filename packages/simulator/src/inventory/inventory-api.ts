/**
 * The inventory operations (`GET /v1/nodes…`) and the health check, answered from the live
 * inventory: the readiness they show is the one jobs have changed, the same as in job answers.
 * A cluster's zones, policies and pools are those of the zones replicated from or to it.
 */
import type { Node } from '@eyeglass-jobs/types';
import { answer, notFound } from '../api-error.js';
import type { InventoryHandlers } from '../contract.js';
import type { ZoneEntry } from './inventory.js';
import type { LiveInventory } from './live-inventory.js';

export function createInventoryHandlers(live: LiveInventory, lastHealthCheck: () => number): InventoryHandlers {
  const node = (id: string): Node => {
    if (!live.nodes.has(id)) throw notFound(`Cluster ${id} is not managed by this Eyeglass.`);
    return live.node(id);
  };
  /** What `pick` finds in the first of a cluster's zones that has it, or a 404 naming the cluster. */
  const within = <T>(nodeId: string, what: string, name: string, pick: (zone: ZoneEntry) => T | undefined): T => {
    const cluster = node(nodeId);
    for (const zone of live.zonesOf(nodeId)) {
      const hit = pick(zone);
      if (hit !== undefined) return hit;
    }
    throw notFound(`${what} ${name} was not found on cluster ${cluster.name}.`);
  };

  /** Answers what `lookup` finds, or the 404 it refuses with. */
  const reply = <T>(lookup: () => T) => answer([404], () => ({ status: 200 as const, body: lookup() }));

  return {
    listNodes: async () => ({ status: 200, body: live.nodeList as Node[] }),
    getNode: ({ params }) => reply(() => node(params.id)),
    listNodeZones: ({ params, query }) => reply(() => live.listZones(node(params.id).id, query.foReadiness)),
    getNodeZone: ({ params }) =>
      reply(() =>
        within(params.id, 'Access zone', params.name, (zone) =>
          zone.name === params.name ? live.zone(zone.id) : undefined,
        ),
      ),
    listNodePolicies: ({ params, query }) => reply(() => live.listPolicies(node(params.id).id, query.foReadiness)),
    getNodePolicy: ({ params }) =>
      reply(() =>
        within(params.id, 'SyncIQ policy', params.name, (zone) => {
          const policy = zone.policies.find((one) => one.name === params.name);
          return policy && live.policy(policy.id);
        }),
      ),
    listNodePools: ({ params, query }) => reply(() => live.listPools(node(params.id).id, query.foReadiness)),
    getNodePool: ({ params }) =>
      reply(() =>
        within(params.id, 'SmartConnect pool', params.name, (zone) => {
          const pool = zone.pools.find((one) => one.id === params.name);
          return pool && live.pool(zone, pool);
        }),
      ),
    getHealthcheck: async () => ({ status: 200, body: String(lastHealthCheck()) }),
  };
}
