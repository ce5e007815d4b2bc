import { route, methods } from '@/lib/api/route'
import { createPolicy, listPolicies } from '@/lib/escalation/policies'
import { createPolicySchema } from '@/lib/schemas/escalation'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db }) => ({ body: { escalationPolicies: await listPolicies(db) } })),

  POST: route({ scope: 'admin', body: createPolicySchema }, async ({ db, body }) => {
    const policy = await createPolicy(db, body)
    return { status: 201, body: policy, headers: { Location: `/api/escalation-policies/${policy.id}` } }
  }),
})
