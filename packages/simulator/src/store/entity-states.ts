/**
 * The inventory's changed states in SQLite: one row per zone or policy a job has changed (its
 * active cluster, its mode). Written in the transaction of the job step that changed it.
 */
import type { EntityMode, EntityState } from '../domain/entity-state.js';
import type { SimulatorDatabase } from './database.js';

export class EntityStateTable {
  private readonly statements;

  constructor(db: SimulatorDatabase) {
    this.statements = {
      upsert: db.prepare<[string, string, string]>(
        'INSERT OR REPLACE INTO entity_state (id, active_node, mode) VALUES (?, ?, ?)',
      ),
      all: db.prepare<[], { id: string; active_node: string; mode: EntityMode }>('SELECT * FROM entity_state'),
    };
  }

  write(id: string, state: EntityState): void {
    this.statements.upsert.run(id, state.activeNode, state.mode);
  }

  all(): Map<string, EntityState> {
    return new Map(this.statements.all.all().map((row) => [row.id, { activeNode: row.active_node, mode: row.mode }]));
  }
}
