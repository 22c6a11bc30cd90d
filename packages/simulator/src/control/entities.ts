/**
 * The zones, policies and pools the control API names: a zone or policy by its id, a pool by its
 * id when one zone has it, or as `<zone id>#<pool id>` (pool ids repeat across zones).
 */
import type { PolicyEntry, PoolEntry, ZoneEntry } from '../inventory/inventory.js';
import { type LiveInventory, poolSubject } from '../inventory/live-inventory.js';

export type EntityRef =
  | { kind: 'zone'; id: string; subject: string; entry: ZoneEntry; zone: ZoneEntry }
  | { kind: 'policy'; id: string; subject: string; entry: PolicyEntry; zone: ZoneEntry }
  | { kind: 'pool'; id: string; subject: string; entry: PoolEntry; zone: ZoneEntry };

export type Resolved = { entity: EntityRef } | { problem: string; status: 400 | 404 };

function poolRef(zone: ZoneEntry, pool: PoolEntry): EntityRef {
  const id = poolSubject(zone, pool);
  return { kind: 'pool', id, subject: id, entry: pool, zone };
}

/** The entity an id names, or why it names none. */
export function resolveEntity(live: LiveInventory, id: string): Resolved {
  const zone = live.zones.get(id);
  if (zone) return { entity: { kind: 'zone', id, subject: id, entry: zone, zone } };
  const place = live.policies.get(id);
  if (place) return { entity: { kind: 'policy', id, subject: id, entry: place.policy, zone: place.zone } };
  const hash = id.indexOf('#');
  if (hash > 0) {
    const inZone = live.zones.get(id.slice(0, hash));
    const pool = inZone?.pools.find((candidate) => candidate.id === id.slice(hash + 1));
    if (inZone && pool) return { entity: poolRef(inZone, pool) };
  }
  const holders = [...live.zones.values()].filter((candidate) => candidate.pools.some((pool) => pool.id === id));
  if (holders.length === 1) {
    const holder = holders[0]!;
    return { entity: poolRef(holder, holder.pools.find((pool) => pool.id === id)!) };
  }
  if (holders.length > 1) {
    return {
      status: 400,
      problem: `Pool ${id} is in ${holders.length} zones (${holders.map((z) => z.name).join(', ')}): name it as <zone id>#${id}.`,
    };
  }
  return { status: 404, problem: `No zone, policy or pool has the id ${id}.` };
}
