/**
 * What jobs change about the inventory's zones and policies: which cluster a policy is active
 * on, and whether a rehearsal or a DR test holds it. The store keeps these states, the live
 * inventory shows them, and jobs change them.
 */

export type EntityMode = 'normal' | 'rehearsal' | 'dr_test';

/** What jobs changed about a zone or policy; an entry without a state is as configured. */
export interface EntityState {
  /** The cluster a policy is active on (writable); unused for zones. */
  activeNode: string;
  mode: EntityMode;
}

/** One entity's new state, as a job step records it. */
export interface EntityChange {
  id: string;
  state: EntityState;
}
