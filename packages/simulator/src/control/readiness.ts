/**
 * Readiness set through the control API: it takes the place of the inventory's setting on the
 * zone, policy or pool entry of the running service (every service gets its own copy of the
 * inventory), so the API's views, readiness jobs and failover validation all read it.
 */
import type { ReadinessSetting } from '../inventory/inventory.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import { type EntityRef, resolveEntity } from './entities.js';
import type { Readiness, ReadinessRequest } from './generated/models.gen.js';

const defaultChecks: Record<EntityRef['kind'], string> = {
  zone: 'Access zone configuration',
  policy: 'SyncIQ policy state',
  pool: 'SmartConnect pool',
};

/** An id that names no entity, or names it ambiguously. */
export class EntityError extends Error {
  override name = 'EntityError';
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

function resolve(live: LiveInventory, id: string): EntityRef {
  const resolved = resolveEntity(live, id);
  if ('problem' in resolved) throw new EntityError(resolved.problem, resolved.status);
  return resolved.entity;
}

export class ReadinessBook {
  /** Settings made here, by the entity's id, in the order they were made. */
  private overrides = new Map<string, ReadinessSetting>();
  /** The inventory's settings of the entities changed here (undefined for a pool without one). */
  private readonly configured = new Map<string, ReadinessSetting | undefined>();

  private view(entity: EntityRef): Readiness {
    const setting = entity.entry.readiness;
    return {
      id: entity.id,
      kind: entity.kind,
      status: setting?.status ?? 'OK',
      reason: setting?.reason ?? '',
      check: setting?.check ?? defaultChecks[entity.kind],
      overridden: this.overrides.has(entity.id),
    };
  }

  private place(live: LiveInventory, entity: EntityRef, setting: ReadinessSetting | undefined): void {
    if (!this.configured.has(entity.id)) this.configured.set(entity.id, entity.entry.readiness);
    if (setting) entity.entry.readiness = setting;
    else if (entity.kind === 'pool') delete entity.entry.readiness;
    else entity.entry.readiness = this.configured.get(entity.id)!;
    live.configurationChanged();
  }

  set(live: LiveInventory, id: string, request: ReadinessRequest): Readiness {
    const entity = resolve(live, id);
    if (!this.configured.has(entity.id)) this.configured.set(entity.id, entity.entry.readiness);
    const configured = this.configured.get(entity.id);
    const setting: ReadinessSetting = {
      status: request.status,
      reason: request.reason ?? '',
      check: request.check ?? configured?.check ?? defaultChecks[entity.kind],
    };
    this.overrides.delete(entity.id);
    this.overrides.set(entity.id, setting);
    this.place(live, entity, setting);
    return this.view(entity);
  }

  clear(live: LiveInventory, id: string): Readiness {
    const entity = resolve(live, id);
    this.overrides.delete(entity.id);
    this.place(live, entity, this.configured.get(entity.id));
    return this.view(entity);
  }

  list(live: LiveInventory): Readiness[] {
    return [...this.overrides.keys()].map((id) => this.view(resolve(live, id)));
  }

  get size(): number {
    return this.overrides.size;
  }

  /** The settings made here, to keep in a snapshot. */
  saved(): Map<string, ReadinessSetting> {
    return new Map([...this.overrides].map(([id, setting]) => [id, { ...setting }]));
  }

  /** Puts saved settings (none for a reset) on a new service's inventory. */
  load(live: LiveInventory, saved: ReadonlyMap<string, ReadinessSetting> = new Map()): void {
    this.overrides = new Map([...saved].map(([id, setting]) => [id, { ...setting }]));
    for (const [id, setting] of this.overrides) this.place(live, resolve(live, id), setting);
  }
}
