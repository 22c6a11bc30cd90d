/**
 * Values the server knows, for the requests the kit builds: fixed ids by parameter name (the
 * clusters, zones and policies of an inventory), and the ids of the jobs created so far.
 */
import { type Contract, jobsContract } from './contract.js';
import type { KnownValues } from './requests.js';
import type { ConformanceResponse } from './target.js';

/** The same values for a parameter in every operation, such as `{ sourceid: [...], policy: [...] }`. */
export function knownValuesFrom(byParameter: Readonly<Record<string, readonly string[]>>): KnownValues {
  return (_operationId, parameter) => (Object.hasOwn(byParameter, parameter) ? byParameter[parameter]! : []);
}

/** Every value any of the providers knows. */
export function combineKnownValues(...providers: Array<KnownValues | undefined>): KnownValues {
  return (operationId, parameter) => providers.flatMap((provider) => provider?.(operationId, parameter) ?? []);
}

/**
 * The ids of the jobs created so far, by the tag of the operation that created them: a `201 { id }`
 * from `launchFailover` (tag `failover`) makes the id known to the path parameter of every failover
 * operation, so that valid requests reach real jobs.
 */
export class CreatedIds {
  private readonly byTag = new Map<string, string[]>();

  /** `contract` is the spec whose operations create the ids; the appliance's by default. */
  constructor(private readonly contract: Contract = jobsContract) {}

  /** Records the id a `201` answer created; returns it, or undefined when the answer created none. */
  record(operationId: string, response: ConformanceResponse): string | undefined {
    if (response.status !== 201) return undefined;
    const tag = this.contract.operations.find((op) => op.operationId === operationId)?.tag;
    let id: unknown;
    try {
      id = (JSON.parse(response.body) as { id?: unknown } | null)?.id;
    } catch {
      return undefined;
    }
    if (tag === undefined || typeof id !== 'string') return undefined;
    this.add(tag, id);
    return id;
  }

  add(tag: string, id: string): void {
    const ids = this.byTag.get(tag) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.byTag.set(tag, ids);
  }

  /** The ids created by operations of a tag, oldest first. */
  ids(tag: string): readonly string[] {
    return this.byTag.get(tag) ?? [];
  }

  /** Known values: the created ids of the operation's tag, for its path parameters. */
  readonly knownValues: KnownValues = (operationId, parameter) => {
    const op = this.contract.operations.find((candidate) => candidate.operationId === operationId);
    const inPath = op?.parameters.some((p) => p.name === parameter && p.in === 'path');
    return op && inPath ? this.ids(op.tag) : [];
  };
}
