import { methods } from '@/lib/api/route'
import { alertmanagerEvents } from '@/lib/api/endpoints/events'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: alertmanagerEvents })
