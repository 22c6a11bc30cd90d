/**
 * What browser builds bundle in place of ./direct.ts (see the package's `imports`): their requests
 * always go through `fetch`, also when such a build runs on Node.
 */
import type { Dispatcher, PreparedRequest } from './dispatch.js';

export const canSendDirect = false;

export interface Receiver {
  failed(attempt: number, cause: unknown): void;
}

/** Never called, since `canSendDirect` is false. */
export function sendDirect(_dispatcher: Dispatcher, _request: PreparedRequest, receiver: Receiver, attempt: number) {
  receiver.failed(attempt, new Error('this build sends through fetch only'));
}
