/** A contract-testing kit for any implementation of the Jobs v2 API. */
export { type CheckOptions, checkResponse, operationById } from './check-response.js';
export { CreatedIds, combineKnownValues, knownValuesFrom } from './known-values.js';
export { conformanceMatchers } from './matchers.js';
export {
  buildRequest,
  HOSTILE_STRINGS,
  invalidRequest,
  type KnownValues,
  type RequestPlan,
  type ValuePlan,
  validRequest,
} from './requests.js';
export {
  type ConformanceFailure,
  type ConformanceOptions,
  type ConformanceReport,
  type Exchange,
  formatReport,
  type PropertyName,
  refusedCredentials,
  runConformance,
} from './run.js';
export {
  type ConformanceRequest,
  type ConformanceResponse,
  type ConformanceTarget,
  httpTarget,
  type Injectable,
  injectTarget,
} from './target.js';
