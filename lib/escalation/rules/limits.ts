// The contract's bounds on a policy; plain values the browser's forms share.
export const ESCALATE_AFTER_MIN = 1
export const ESCALATE_AFTER_MAX = 1440
export const REPEAT_MAX = 9
