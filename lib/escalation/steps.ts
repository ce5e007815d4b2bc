// A stored policy's steps: JSON text in the row, read back through the same zod schema that
// checked them on the way in.
import { z } from 'zod'
import { stepSchema, type Step } from '@/lib/schemas/escalation'
import type { PolicyRow } from './store/policies'

const storedSteps = z.array(stepSchema)

/** A stored policy's steps; unreadable ones (never written by this code) count as none. */
export function stepsOf(row: PolicyRow): Step[] {
  try {
    const r = storedSteps.safeParse(JSON.parse(row.steps))
    return r.success ? r.data : []
  } catch {
    return []
  }
}
