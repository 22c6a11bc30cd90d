/**
 * Where the control API's generated code goes: the simulator's control module, which serves the
 * API, and its testing helpers, which call it. The docs page is a build output beside them.
 */
export const CONTROL_OUT = 'packages/simulator/src/control/generated';
export const CONTROL_SITE = 'packages/simulator/site';
/** The control API's docs page, as the simulator serves it at `/control/docs/`. */
export const CONTROL_DOCS_PAGE = `${CONTROL_SITE}/control/index.html`;
