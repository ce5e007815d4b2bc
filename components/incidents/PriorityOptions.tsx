import { PRIORITIES } from '@/lib/schemas/values'

/** The options of a priority picker: none, then every priority in the contract's order. */
export function PriorityOptions() {
  return (
    <>
      <option value="">None</option>
      {PRIORITIES.map((p) => (
        <option key={p} value={p}>
          {p}
        </option>
      ))}
    </>
  )
}
