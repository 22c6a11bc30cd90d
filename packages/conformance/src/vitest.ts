/** Registers `expect(response).toSatisfyOperation(operationId)` with Vitest. Import it once in a test or setup file. */
import type { OperationId } from '@eyeglass-jobs/spec';
import { expect } from 'vitest';
import type { Contract } from './contract.js';
import { conformanceMatchers } from './matchers.js';

expect.extend(conformanceMatchers);

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the declaration must match Vitest's own `Matchers<T = any>`
  interface Matchers<T = any> {
    /** The status is documented, the Content-Type and body match the spec, and an error is the Error shape. */
    toSatisfyOperation(operationId: OperationId): T;
    /** The same against another spec's contract (`defineContract`), such as the simulator's control API. */
    toSatisfyOperation(operationId: string, contract: Contract): T;
  }
}
