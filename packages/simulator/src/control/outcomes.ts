/**
 * Outcomes, as data: what a named step of the next job on a zone, policy or pool comes to (ERROR
 * or WARNING with a reason), or how long it takes. An outcome is taken when a job's plan is made:
 * the steps it reaches get a subject of their own, carrying the outcome as an inventory fault, so
 * the engine strikes them exactly as it strikes a fault from the inventory file.
 */

import { stepNames } from '../domain/step-names.js';
import type { JobPlan, PlanStep } from '../engine/plan.js';
import type { LiveInventory } from '../inventory/live-inventory.js';
import { parseDuration } from './duration.js';
import { type EntityRef, resolveEntity } from './entities.js';
import type { Outcome, OutcomeRequest } from './generated/models.gen.js';

const fixedNames = new Map(Object.values(stepNames).map((name) => [name.toLowerCase(), name]));

/** An outcome request that cannot be honoured; the message says why. */
export class OutcomeError extends Error {
  override name = 'OutcomeError';
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

interface Waiting {
  outcome: Outcome;
  subject: string;
  kind: EntityRef['kind'];
}

/** The subjects a job acts on that belong to a target: the target itself, or a zone's policies and pools. */
function reaches(target: Waiting, subjects: readonly string[], live: LiveInventory): boolean {
  return subjects.some((subject) => {
    if (subject === target.subject) return true;
    if (target.kind !== 'zone') return false;
    return live.policies.get(subject)?.zone.id === target.subject || subject.startsWith(`${target.subject}#`);
  });
}

function leavesOf(step: PlanStep): PlanStep[] {
  return step.children.length === 0 ? [step] : step.children.flatMap(leavesOf);
}

/** A copy of a step tree, so a plan's steps can be changed without touching anything shared. */
function copyStep(step: PlanStep): PlanStep {
  return { ...step, subjects: [...step.subjects], children: step.children.map(copyStep) };
}

/** Shares `totalMs` among leaves in proportion to their usual times (evenly when they have none). */
function shareDuration(leaves: PlanStep[], totalMs: number): void {
  const usual = leaves.reduce((sum, leaf) => sum + leaf.durationMs, 0);
  let given = 0;
  leaves.forEach((leaf, index) => {
    const share =
      index === leaves.length - 1
        ? totalMs - given
        : Math.floor(usual > 0 ? (totalMs * leaf.durationMs) / usual : totalMs / leaves.length);
    leaf.durationMs = share;
    given += share;
  });
}

export class OutcomeBook {
  private waiting: Waiting[] = [];
  private count = 0;

  /** Adds an outcome; throws an OutcomeError when its target is unknown or it says nothing. */
  inject(request: OutcomeRequest, live: LiveInventory): Outcome {
    if (request.info !== undefined && request.status === undefined) {
      throw new OutcomeError('info is the reason the step gives with its status: give a status too.', 400);
    }
    if (request.status === undefined && request.duration === undefined) {
      throw new OutcomeError('An outcome needs a status (ERROR or WARNING), a duration, or both.', 400);
    }
    let durationMs: number | undefined;
    try {
      durationMs = request.duration === undefined ? undefined : parseDuration(request.duration);
    } catch (error) {
      throw new OutcomeError(`duration: ${(error as Error).message}`, 400);
    }
    const resolved = resolveEntity(live, request.target);
    if ('problem' in resolved) throw new OutcomeError(resolved.problem, resolved.status);
    const step = fixedNames.get(request.step.toLowerCase()) ?? request.step;
    const outcome: Outcome = {
      id: `outcome-${++this.count}`,
      target: request.target,
      step,
      ...(request.status === undefined
        ? {}
        : {
            status: request.status,
            info: request.info ?? `Set through the control API: step "${step}" ends ${request.status}.`,
          }),
      ...(durationMs === undefined ? {} : { durationMs }),
      remaining: request.times ?? 1,
    };
    this.waiting.push({ outcome, subject: resolved.entity.subject, kind: resolved.entity.kind });
    return { ...outcome };
  }

  list(): Outcome[] {
    return this.waiting.map(({ outcome }) => ({ ...outcome }));
  }

  get size(): number {
    return this.waiting.length;
  }

  clear(): void {
    this.waiting = [];
  }

  /**
   * The plan of a new job with the outcomes that wait for it applied; the plan as it is when none
   * does. Each outcome taken counts one job less.
   */
  apply(plan: JobPlan, live: LiveInventory): JobPlan {
    if (this.waiting.length === 0) return plan;
    const steps = plan.steps.map(copyStep);
    const rollback = plan.rollback ? { ...plan.rollback, step: copyStep(plan.rollback.step) } : undefined;
    const roots = [...steps, ...(rollback ? [rollback.step] : [])];
    let changed = false;
    for (const waiting of [...this.waiting]) {
      const { outcome } = waiting;
      const name = outcome.step.toLowerCase();
      const named: PlanStep[] = [];
      const find = (step: PlanStep): void => {
        if (step.name.toLowerCase() === name) named.push(step);
        else step.children.forEach(find);
      };
      roots.forEach(find);
      const leaves = named.flatMap(leavesOf).filter((leaf) => reaches(waiting, leaf.subjects, live));
      if (leaves.length === 0) continue;
      changed = true;
      if (outcome.status) {
        // A subject of the job's own, so the fault strikes this job and no other.
        const subject = `control:${outcome.id}:${plan.id}`;
        live.addFaults(subject, [{ step: named[0]!.name, status: outcome.status, info: outcome.info ?? '' }]);
        for (const leaf of leaves) (leaf.subjects as string[]).push(subject);
      }
      if (outcome.durationMs !== undefined) {
        for (const step of named) {
          const reached = leavesOf(step).filter((leaf) => leaves.includes(leaf));
          if (reached.length > 0) shareDuration(reached, outcome.durationMs);
        }
      }
      outcome.remaining -= 1;
      if (outcome.remaining === 0) this.waiting.splice(this.waiting.indexOf(waiting), 1);
    }
    return changed ? { ...plan, steps, ...(rollback ? { rollback } : {}) } : plan;
  }
}
