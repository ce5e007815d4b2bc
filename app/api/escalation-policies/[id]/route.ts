import { route, methods } from '@/lib/api/route'
import { deletePolicy, getPolicy, updatePolicy } from '@/lib/escalation/policies'
import { updatePolicySchema } from '@/lib/schemas/escalation'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, params }) => ({ body: await getPolicy(db, params.id) })),

  PATCH: route({ scope: 'admin', body: updatePolicySchema }, async ({ db, params, body }) => ({ body: await updatePolicy(db, params.id, body) })),

  DELETE: route({ scope: 'admin' }, async ({ db, params }) => {
    await deletePolicy(db, params.id)
    return { status: 204 }
  }),
})
