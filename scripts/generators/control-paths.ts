/**
 * Where the control API's generated code goes: the simulator's control module, which serves the
 * API, and its testing helpers, which call it; and the docs package, whose site build renders the
 * control reference from the spec and samples written there.
 */
export const CONTROL_OUT = 'packages/simulator/src/control/generated';
/** The control spec with its code samples, in the docs package (whose generator owns the folder). */
export const CONTROL_DOCS_SOURCE = 'packages/docs/src/generated/control-reference.gen.ts';
