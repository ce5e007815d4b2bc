import { methods } from '@/lib/api/route'
import { alertmanagerEvents } from '@/lib/events/endpoints'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: alertmanagerEvents })
