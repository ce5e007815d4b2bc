import type { Metadata } from 'next'
import { CreateScheduleForm, SchedulesTable } from '@/components/oncall/SchedulesPanel'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'Schedules' }

export default async function SchedulesPage() {
  await requireScope('/admin/schedules', 'admin')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Schedules</h1>
      <CreateScheduleForm />
      <SchedulesTable />
    </div>
  )
}
