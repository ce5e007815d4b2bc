// Which trigrams of a search term the title index should read. A term like "payments-17" is rare,
// yet each of its trigrams is common on its own ("pay", "-17": tens of thousands of titles at a
// million incidents); reading every one of them is what made a search slow on both databases.
// Two trigrams rarely found together narrow the candidates almost as well, and the exact
// substring check on the candidates keeps the answer exact. How common a trigram is comes from a
// small random sample of titles, taken on the first search and renewed now and then (one per
// process: the app has one database). An estimate only decides which trigrams are read, never
// which rows match.
import { Prisma, type Db } from '@/lib/db/client'
import type { Provider } from '@/lib/db/config'

const { sql, join } = Prisma

/** Titles read for an estimate: in runs of consecutive numbers; enough to rank a term's trigrams. */
const SAMPLE_SIZE = 1000
const RUN = 25
/** Estimates older than this are renewed in the background, the old ones serving meanwhile. */
const MAX_AGE_MS = 10 * 60_000
/** Trigrams read from the index for a longer term: two, measured best at a million incidents. */
const TRIGRAMS_READ = 2
/** Of a term's trigrams, how many of the rarest are tried in pairs. */
const CANDIDATES = 12
/**
 * What checking one row that the index let through costs, in index entries read (measured at a
 * million incidents: an FTS5 doclist entry ~0.03 µs, a GIN one ~0.1 µs, a row looked up and
 * checked ~2 µs).
 */
const ROW_COST: Record<Provider, number> = { sqlite: 60, postgresql: 20 }

interface Estimate {
  titles: string[]
  /** Which sampled titles (their indexes, ascending) hold each trigram. */
  postings: Map<string, number[]>
  at: number
}

let estimate: Estimate | null = null
let sampling: Promise<void> | null = null
/** Pairs already picked under the current estimate, by provider and term. */
const chosen = new Map<string, string[] | null>()

/** Every trigram of `text` (by code point) with where it starts. */
export function trigramsOf(text: string): { trigram: string; at: number }[] {
  const chars = Array.from(text)
  const out: { trigram: string; at: number }[] = []
  for (let at = 0; at + 2 < chars.length; at++) out.push({ trigram: chars[at] + chars[at + 1] + chars[at + 2], at })
  return out
}

/**
 * Whether the title index holds `trigram`: PostgreSQL's leaves out the pieces that hold U+0001
 * (migration 20261206040000_title_trigrams says why).
 */
export function indexed(provider: Provider, trigram: string): boolean {
  return provider === 'sqlite' || !trigram.includes('\u0001')
}

function common(a: number[], b: number[]): number[] {
  const out: number[] = []
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) out.push(a[i]), i++, j++
    else if (a[i] < b[j]) i++
    else j++
  }
  return out
}

/**
 * The two trigrams of `text` to read from the index, or null when the index should read them all
 * (the term has no better pair). The pair is the one the fewest sampled titles hold both of:
 * trigrams that occur together ("pay" and "nts", both in every "payments") narrow nothing. It is
 * taken only while the rows it lets through that lack the term cost less to check than reading the
 * term's other trigrams. Without an estimate yet, the first and the last trigram.
 */
export function rarestTrigrams(provider: Provider, text: string): string[] | null {
  const key = `${provider} ${text}`
  if (!chosen.has(key)) {
    // The same searches recur (a dashboard polls its filter): pick once per estimate.
    if (chosen.size >= 1000) chosen.clear()
    chosen.set(key, pickPair(provider, text))
  }
  return chosen.get(key)!
}

function pickPair(provider: Provider, text: string): string[] | null {
  const all = [...new Map(trigramsOf(text).map((t) => [t.trigram, t.at])).entries()].map(([trigram, at]) => ({ trigram, at }))
  if (all.length <= TRIGRAMS_READ) return null
  if (!estimate) return [all[0].trigram, all[all.length - 1].trigram]
  const { postings, titles } = estimate
  const held = (t: string) => postings.get(t) ?? []
  const eligible = all.filter((t) => indexed(provider, t.trigram))
  const ranked = eligible.sort((a, b) => held(a.trigram).length - held(b.trigram).length).slice(0, CANDIDATES)
  let best: { pair: string[]; both: number; score: number } | null = null
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      const [a, b] = [ranked[i], ranked[j]]
      const both = common(held(a.trigram), held(b.trigram)).length
      // Fewest titles with both; then the rarer pair; then the one that overlaps less.
      const score = both * 1e12 + held(a.trigram).length * held(b.trigram).length * 10 + Math.max(0, 3 - Math.abs(a.at - b.at))
      if (!best || score < best.score) best = { pair: [a.trigram, b.trigram], both, score }
    }
  }
  if (!best) return null
  const matching = all.map((t) => held(t.trigram)).reduce(common).filter((n) => titles[n].includes(text)).length
  const otherEntries = all.filter((t) => !best.pair.includes(t.trigram)).reduce((n, t) => n + held(t.trigram).length, 0)
  return (best.both - matching) * ROW_COST[provider] <= otherEntries ? best.pair : null
}

async function sample(db: Db): Promise<void> {
  const [{ max }] = await db.read.$queryRaw<{ max: bigint | number | null }[]>(sql`SELECT MAX("number") AS "max" FROM "Incident"`)
  const top = Number(max ?? 0)
  // Runs of consecutive numbers: neighbours share pages, so the sample costs few reads.
  const starts = top <= SAMPLE_SIZE ? [1] : Array.from({ length: SAMPLE_SIZE / RUN }, () => 1 + Math.floor(Math.random() * (top - RUN)))
  const run = top <= SAMPLE_SIZE ? SAMPLE_SIZE : RUN
  const ranges = starts.map((n) => sql`"number" BETWEEN ${n} AND ${n + run - 1}`)
  const rows = await db.read.$queryRaw<{ t: string }[]>(sql`SELECT "titleSearch" AS "t" FROM "Incident" WHERE ${join(ranges, ' OR ')}`)
  const titles = rows.map((r) => r.t)
  const postings = new Map<string, number[]>()
  titles.forEach((t, n) => {
    for (const { trigram } of trigramsOf(t)) {
      const list = postings.get(trigram)
      if (!list) postings.set(trigram, [n])
      else if (list[list.length - 1] !== n) list.push(n)
    }
  })
  estimate = { titles, postings, at: Date.now() }
  chosen.clear()
}

/**
 * Makes sure an estimate exists before a search is built (the first search waits for the sample,
 * about 10 ms); an old one is renewed without making anyone wait.
 */
export async function estimateTrigrams(db: Db): Promise<void> {
  if (estimate && Date.now() - estimate.at < MAX_AGE_MS) return
  sampling ??= sample(db).finally(() => {
    sampling = null
  })
  // A failed sample only means no estimate: the search itself will report a broken database.
  const done = sampling.catch(() => {})
  if (!estimate) await done
}
