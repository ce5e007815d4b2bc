// The runnable examples of the documents, so tests run them exactly as a reader copies them.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './app'

/** The bash blocks of a document's section (from its heading to the next `## `), in order. */
export function bashBlocks(file: string, heading: string): string[] {
  const doc = readFileSync(path.join(ROOT, file), 'utf8')
  const at = doc.indexOf(`\n${heading}\n`)
  if (at < 0) throw new Error(`${file} has no section "${heading}"`)
  const rest = doc.slice(at + heading.length + 2)
  const end = rest.indexOf('\n## ')
  return [...(end < 0 ? rest : rest.slice(0, end)).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1])
}
