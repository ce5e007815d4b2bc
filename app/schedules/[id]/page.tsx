import type { Metadata } from 'next'
import { ScheduleView } from '@/components/oncall/ScheduleView'
import { requireUser } from '../../_lib/session'

export const metadata: Metadata = { title: 'Schedule' }

export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  await requireUser(`/schedules/${encodeURIComponent(id)}`)
  return <ScheduleView id={id} />
}
