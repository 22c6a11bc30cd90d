/**
 * Names to ids. Operators say `production`, `finance` and `finance-sync`; the API takes ids 45
 * characters long. A name is matched exactly as an id, then exactly as a name, then as a name in
 * any letter case. No match, or more than one, is a usage error that lists what there is.
 */
import type { EyeglassClient } from '@eyeglass-jobs/client';
import type { Node as Cluster, Policy, Pool, Zone } from '@eyeglass-jobs/types';
import { usageError } from '../exit-codes.js';

export type { Cluster };

/** The matches of `given`: by id, else by name, else by name in any letter case. */
export function matchByName<T>(given: string, items: readonly T[], id: (item: T) => string, name: (item: T) => string) {
  const byId = items.filter((item) => id(item) === given);
  if (byId.length > 0) return byId;
  const byName = items.filter((item) => name(item) === given);
  if (byName.length > 0) return byName;
  const lower = given.toLowerCase();
  return items.filter((item) => name(item).toLowerCase() === lower);
}

/** `a, b, c` and `… and 4 more` past ten names. */
export function listNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) return 'none';
  return unique.length > 10 ? `${unique.slice(0, 10).join(', ')} and ${unique.length - 10} more` : unique.join(', ');
}

/** A cluster of the list by id or name. */
export function pickNode(nodes: readonly Cluster[], given: string): Cluster {
  const hits = matchByName(
    given,
    nodes,
    (node) => node.id,
    (node) => node.name,
  );
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1)
    throw usageError(`the cluster name ${given} is ambiguous: ${hits.map((node) => node.id).join(', ')}. Give its id.`);
  throw usageError(
    `no cluster ${given} on this Eyeglass: the clusters are ${listNames(nodes.map((node) => node.name))}.`,
  );
}

export async function resolveNode(eg: EyeglassClient, given: string): Promise<Cluster> {
  return pickNode(await eg.nodes.list(), given);
}

/** The two clusters of a job, `--from` and `--to`. */
export async function resolveRoute(
  eg: EyeglassClient,
  from: string,
  to: string,
): Promise<{ from: Cluster; to: Cluster }> {
  const nodes = await eg.nodes.list();
  const route = { from: pickNode(nodes, from), to: pickNode(nodes, to) };
  if (route.from.id === route.to.id) throw usageError(`--from and --to are the same cluster, ${route.from.name}.`);
  return route;
}

/** What a failover, or a rehearsal, acts on: one zone (optionally narrowed to a pool), or policies of one zone. */
export type Selection =
  | { kind: 'zone'; zone: Zone; policies: Policy[]; pool?: Pool }
  | { kind: 'policies'; zone: Zone; policies: Policy[] };

/** The `failovertarget` of a selection: the zone id, or the policy ids separated by commas. */
export function failoverTarget(selection: Selection): string {
  return selection.kind === 'zone' ? selection.zone.id : selection.policies.map((policy) => policy.id).join(',');
}

/** What the operator types to confirm: the zone's name, or the policies' names separated by commas. */
export function selectionName(selection: Selection): string {
  return selection.kind === 'zone' ? selection.zone.name : selection.policies.map((policy) => policy.name).join(',');
}

type Hit = { kind: 'zone'; zone: Zone } | { kind: 'policy'; policy: Policy };

const prefixes = { 'zone:': 'zone', 'policy:': 'policy' } as const;

/**
 * Resolves each argument to a zone or a policy that replicates between the two clusters. A name
 * that is both a zone and a policy is written `zone:<name>` or `policy:<name>`.
 */
export async function resolveSelection(
  eg: EyeglassClient,
  route: { from: Cluster; to: Cluster },
  given: readonly string[],
  poolName?: string,
): Promise<Selection> {
  const { from, to } = route;
  const [zonesFrom, zonesTo, policiesFrom, policiesTo] = await Promise.all([
    eg.nodes.zones(from.id, { foReadiness: true }),
    eg.nodes.zones(to.id),
    eg.nodes.policies(from.id, { foReadiness: true }),
    eg.nodes.policies(to.id),
  ]);
  const zonePair = new Set(zonesTo.map((zone) => zone.id));
  const policyPair = new Set(policiesTo.map((policy) => policy.id));
  const hits: Hit[] = [];
  for (const argument of given) {
    let value = argument;
    let only: 'zone' | 'policy' | undefined;
    const zones = () =>
      only === 'policy'
        ? []
        : matchByName(
            value,
            zonesFrom,
            (z) => z.id,
            (z) => z.name,
          );
    const policies = () =>
      only === 'zone'
        ? []
        : matchByName(
            value,
            policiesFrom,
            (p) => p.id,
            (p) => p.name,
          );
    let zoneHits = zones();
    let policyHits = policies();
    const prefix = Object.entries(prefixes).find(([text]) => argument.startsWith(text));
    if (zoneHits.length + policyHits.length === 0 && prefix) {
      value = argument.slice(prefix[0].length);
      only = prefix[1];
      zoneHits = zones();
      policyHits = policies();
    }
    const zonesHere = zoneHits.filter((zone) => zonePair.has(zone.id));
    const policiesHere = policyHits.filter((policy) => policyPair.has(policy.id));
    if (zonesHere.length + policiesHere.length === 0) {
      if (zoneHits.length + policyHits.length > 0) {
        const what = zoneHits.length > 0 ? 'access zone' : 'SyncIQ policy';
        throw usageError(`the ${what} ${value} of ${from.name} does not replicate to ${to.name}.`);
      }
      const what =
        only === 'zone' ? 'access zone' : only === 'policy' ? 'SyncIQ policy' : 'access zone or SyncIQ policy';
      throw usageError(`no ${what} ${value} on ${from.name}.`, [
        ...(only !== 'policy' ? [`Access zones: ${listNames(zonesFrom.map((zone) => zone.name))}`] : []),
        ...(only !== 'zone' ? [`SyncIQ policies: ${listNames(policiesFrom.map((policy) => policy.name))}`] : []),
      ]);
    }
    if (zonesHere.length > 0 && policiesHere.length > 0)
      throw usageError(
        `${value} is both an access zone and a SyncIQ policy on ${from.name}: write zone:${value} or policy:${value}.`,
      );
    if (zonesHere.length > 1 || policiesHere.length > 1) {
      const what = zonesHere.length > 1 ? 'access zones' : 'SyncIQ policies';
      const ids = (zonesHere.length > 1 ? zonesHere : policiesHere).map((entry) => entry.id);
      throw usageError(`${value} names ${ids.length} ${what} on ${from.name}: give the id.`, ids);
    }
    hits.push(zonesHere[0] ? { kind: 'zone', zone: zonesHere[0] } : { kind: 'policy', policy: policiesHere[0]! });
  }

  const zones = hits.flatMap((hit) => (hit.kind === 'zone' ? [hit.zone] : []));
  const policies = [
    ...new Map(hits.flatMap((hit) => (hit.kind === 'policy' ? [[hit.policy.id, hit.policy]] : []))).values(),
  ];
  if (zones.length > 0 && policies.length > 0)
    throw usageError('give one access zone, or SyncIQ policies of one zone, not both.');
  if (new Set(zones.map((zone) => zone.id)).size > 1)
    throw usageError(`one access zone at a time: ${zones.map((zone) => zone.name).join(', ')} are several.`);
  if (zones[0]) {
    const zone = zones[0];
    const zonePolicies = policiesFrom.filter((policy) => policy.zone.id === zone.id);
    if (poolName === undefined) return { kind: 'zone', zone, policies: zonePolicies };
    const pool = await resolvePool(eg, from, zone, poolName);
    return { kind: 'zone', zone, policies: zonePolicies, pool };
  }
  if (poolName !== undefined) throw usageError('--pool narrows an access zone failover: give a zone, not policies.');
  const zoneIds = new Set(policies.map((policy) => policy.zone.id));
  if (zoneIds.size > 1) {
    const names = [...new Set(policies.map((policy) => policy.zone.name))];
    throw usageError(
      `the policies belong to several zones (${names.join(', ')}): fail over one zone's policies at a time.`,
    );
  }
  const zone = zonesFrom.find((candidate) => candidate.id === policies[0]!.zone.id) ?? policies[0]!.zone;
  return { kind: 'policies', zone, policies };
}

/** A pool of the zone, by its full name (`groupnet0:subnet0:pool-finance`) or its last part (`pool-finance`). */
async function resolvePool(eg: EyeglassClient, from: Cluster, zone: Zone, given: string): Promise<Pool> {
  const pools = (await eg.nodes.pools(from.id, { foReadiness: true })).filter((pool) => pool.zone === zone.name);
  let hits = matchByName(
    given,
    pools,
    (pool) => pool.name,
    (pool) => pool.name,
  );
  if (hits.length === 0)
    hits = matchByName(
      given,
      pools,
      (pool) => pool.name,
      (pool) => pool.name.split(':').at(-1)!,
    );
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1)
    throw usageError(
      `the pool name ${given} is ambiguous in zone ${zone.name}: give the whole name.`,
      hits.map((p) => p.name),
    );
  throw usageError(`no SmartConnect pool ${given} in zone ${zone.name} on ${from.name}.`, [
    `Pools: ${listNames(pools.map((pool) => pool.name))}`,
  ]);
}

/** A policy by name or id on any cluster (or on `--node`), for a DR test. */
export async function resolvePolicy(eg: EyeglassClient, given: string, nodeName?: string): Promise<Policy> {
  const nodes = nodeName ? [await resolveNode(eg, nodeName)] : await eg.nodes.list();
  const lists = await Promise.all(nodes.map((node) => eg.nodes.policies(node.id, { foReadiness: true })));
  const policies = [...new Map(lists.flat().map((policy) => [policy.id, policy])).values()];
  const hits = matchByName(
    given,
    policies,
    (p) => p.id,
    (p) => p.name,
  );
  if (hits.length === 1) return hits[0]!;
  const where = nodeName ? ` on ${nodes[0]!.name}` : '';
  if (hits.length > 1)
    throw usageError(
      `${given} names ${hits.length} SyncIQ policies${where}: give the id, or --node.`,
      hits.map((p) => p.id),
    );
  throw usageError(`no SyncIQ policy ${given}${where}.`, [
    `SyncIQ policies: ${listNames(policies.map((p) => p.name))}`,
  ]);
}
