/**
 * What browsers bundle in place of ./direct.ts (see the package's `imports`): requests there
 * always go through `fetch`, since only Node has a Dispatcher to send to.
 */
import type { Dispatcher, PreparedRequest } from './dispatch.js';

export interface Receiver {
  failed(attempt: number, cause: unknown): void;
}

export function sendDirect(_dispatcher: Dispatcher, _request: PreparedRequest, receiver: Receiver, attempt: number) {
  receiver.failed(attempt, new Error('a browser has no dispatcher to send a request to'));
}
