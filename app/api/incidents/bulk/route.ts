import { methods } from '@/lib/api/route'
import { bulkUpdateRoute } from '@/lib/api/endpoints/incidents'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: bulkUpdateRoute })
