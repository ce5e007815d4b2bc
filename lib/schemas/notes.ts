// Request and response shapes of notes and of bulk changes (contract, Part 2: "Notes", "Bulk changes").
import { z } from 'zod'
import { errorSchema } from './common'
import { actorSchema, incidentSchema, noteText, updateIncidentSchema } from './incidents'
import { BULK_MAX_IDS } from './values'

export const createNoteSchema = z.strictObject({ text: noteText })

export const noteSchema = z.object({
  id: z.string().meta({ example: 'not_01jd5x0k3m9q8r7s6t5v4w3x2y' }),
  text: z.string(),
  at: z.iso.datetime(),
  actor: actorSchema,
})
export const noteListSchema = z.object({ notes: z.array(noteSchema).describe('oldest first') })
export type Note = z.infer<typeof noteSchema>

export const bulkChangeSchema = z
  .strictObject({
    ids: z
      .array(z.string())
      .min(1, 'must name at least one incident')
      .max(BULK_MAX_IDS, `must name at most ${BULK_MAX_IDS} incidents`)
      .describe(`1…${BULK_MAX_IDS} incident ids, each at most once`),
    changes: updateIncidentSchema.describe('any field a PATCH takes, except note'),
    note: noteText.optional().describe('written on each incident the changes answer 200 for, with its change'),
  })
  .superRefine((body, ctx) => {
    // A repeated id would apply the change twice (and write its note twice): refused as a whole.
    const first = new Map<string, number>()
    body.ids.forEach((id, k) => {
      const seen = first.get(id)
      if (seen === undefined) first.set(id, k)
      else ctx.addIssue({ code: 'custom', path: ['ids', k], message: `ids[${k}] repeats ids[${seen}]` })
    })
    if (body.changes.note !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['changes', 'note'], message: 'goes beside changes, as the top-level note' })
    }
  })
export type BulkChangeInput = z.infer<typeof bulkChangeSchema>

export const bulkResultSchema = z.object({
  id: z.string(),
  status: z.int().describe('the HTTP status a PATCH of this incident alone would have answered'),
  incident: incidentSchema.optional().describe('with 200'),
  error: errorSchema.shape.error.optional().describe('otherwise: the error a PATCH would have answered'),
})
export const bulkResponseSchema = z.object({ results: z.array(bulkResultSchema).describe('one per id, in the order of ids') })
export type BulkResult = z.infer<typeof bulkResultSchema>
