/** Snooze choices offered in one click: 15 minutes, 1 hour, 4 hours. */
export const SNOOZE_PRESETS = [15, 60, 240] as const
