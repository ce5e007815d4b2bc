// The command line (scripts/ops.ts) as the scripts and the tests start it: one Node process with
// tsx's loader. tsx's own command starts a second process around it, about 0.2 s more a call.

/** Node's arguments for `ops …args`, in a process whose working directory is the project's. */
export const opsArgs = (...args) => ['--import', 'tsx', 'scripts/ops.ts', ...args]
