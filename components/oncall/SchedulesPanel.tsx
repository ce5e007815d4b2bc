'use client'
import Link from 'next/link'
import { AdminSection, headerCell as th, TableState } from '@/components/admin/AdminTable'
import { CreateCard } from '@/components/admin/CreateCard'
import { useHydrated } from '@/lib/client/hydrated'
import { useCreateSchedule, useDeleteSchedule, useOnCall, useSchedules } from '@/lib/client/schedules'
import { ScheduleForm } from './ScheduleForm'

export function CreateScheduleForm() {
  const create = useCreateSchedule()
  return (
    <CreateCard id="create-schedule-h" title="Add a schedule" openLabel="New schedule">
      {(done) => <ScheduleForm submitLabel="Create schedule" pending={create.isPending} onSubmit={(body) => create.mutateAsync(body).then(done)} />}
    </CreateCard>
  )
}

export function SchedulesTable() {
  const schedules = useSchedules()
  const oncall = useOnCall()
  const remove = useDeleteSchedule()
  const hydrated = useHydrated()
  return (
    <AdminSection id="schedules-h" title="Schedules">
      <TableState query={schedules} empty="No schedules yet: add one above.">
        {(rows) => (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <thead className="border-b border-line bg-raised/50">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Time zone
                  </th>
                  <th scope="col" className={th}>
                    On call now
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const now = oncall.data?.find((o) => o.schedule.id === s.id)
                  return (
                    <tr key={s.id} data-schedule-id={s.id} className="border-b border-line last:border-0">
                      <td className="px-3 py-2">
                        <Link href={`/schedules/${s.id}`} className="font-medium text-accent hover:underline">
                          {s.name}
                        </Link>
                        <div className="text-xs text-muted">
                          {s.layers.length} layer{s.layers.length === 1 ? '' : 's'}, {s.overrides.length} override{s.overrides.length === 1 ? '' : 's'}
                        </div>
                      </td>
                      <td className="hidden px-3 py-2 sm:table-cell">{s.timeZone}</td>
                      <td className="px-3 py-2">{now ? (now.user?.name ?? <span className="text-danger">nobody</span>) : '…'}</td>
                      <td className="w-24 px-3 py-2 text-right">
                        <button
                          type="button"
                          className="btn btn-sm"
                          disabled={!hydrated || remove.isPending}
                          onClick={() => {
                            if (window.confirm(`Delete the schedule ${s.name}?`)) remove.mutate(s)
                          }}
                        >
                          Delete<span className="sr-only"> {s.name}</span>
                        </button>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </TableState>
    </AdminSection>
  )
}
