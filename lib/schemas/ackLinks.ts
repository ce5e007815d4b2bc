// POST /api/ack: a one-click acknowledge link from an email, used (docs/api.md, "Email").
import { z } from 'zod'
import { incidentSchema } from './incidents'

export const redeemAckLinkSchema = z.object({
  token: z.string().min(1).max(1024).describe("the link's token: what follows /ack/ in the email's acknowledge link"),
})

export const ackLinkUsedSchema = z.object({ incident: incidentSchema })
