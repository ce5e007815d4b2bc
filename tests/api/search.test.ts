// Title search (q): the index may read any of a term's trigrams first, but the answer is exactly
// the titles that contain the text, in any case, in the list's order, with an exact total. Every
// answer is checked against that definition computed here.
import { randomInt } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { incidentListSchema, type Incident } from '@/lib/schemas/incidents'
import { world, type World } from './helpers'

let w: World
let made: Incident[] = []
// Letters no other title has (a fresh draw per run), so unscoped searches see only this file's rows.
const letters = [...'bcdfghjkmnpqrstvwxz']
const s = Array.from({ length: 5 }, () => letters.splice(randomInt(letters.length), 1)[0]).join('')
// Every trigram of `term` is in `decoy`, yet `decoy` does not contain `term`: a search that trusted
// the trigrams it read (in whatever order) without checking the text would return it.
const term = s + s.slice(0, 2)
const decoy = `${s} ${s.slice(3)}${s.slice(0, 2)}`

// A longer term, and titles that hold only one half of it: every trigram is common among them,
// while a pair from both halves is rare, so the index reads such a pair and lets `long12`'s decoy
// through (a title with every trigram of the term, split in two). Only the text check drops it.
const long12 = [...'bcdfghjkmnpqrstvwxz'].filter((c) => !s.includes(c)).slice(0, 12).join('')
const halves = Array.from({ length: 12 }, (_, n) => (n % 2 ? long12.slice(5) : long12.slice(0, 8)) + ` ${s} half ${n}`)

const titles = [
  `Outage ${term.toUpperCase()} in eu`,
  decoy,
  `${s} ${long12}`,
  `${s} ${long12.slice(0, 8)} ${long12.slice(5)}`,
  ...halves,
  `${s} 50%_off\\path`,
  `${s} 50%xoff\\path`,
  `${s} 50a_off\\path`,
  `${s} said "hello" 'world'`,
  `${s} said hello world`,
  `${s} Überlastung im Rechenzentrum Zürich`,
  `${s} 🔥 fire 🔥🔥`,
  // U+0001 ends each piece PostgreSQL's title index cuts, so the index holds no piece with one.
  `${s} tab\u0001sep here`,
  `${s} soon renamed`,
  ...Array.from({ length: 6 }, (_, n) => `disk full ${s}-${String(n * 7).padStart(2, '0')}`),
]

const contains = (title: string, q: string) => title.toLocaleLowerCase('und').includes(q.trim().toLocaleLowerCase('und'))
const newestFirst = (a: Incident, b: Incident) => b.createdAt.localeCompare(a.createdAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0)

async function search(q: string, scoped: boolean, extra = '') {
  const r = await w.api('GET', `/api/incidents?q=${encodeURIComponent(q)}${scoped ? `&serviceId=${w.serviceId}` : ''}${extra}`)
  expect(r.status, r.text).toBe(200)
  return incidentListSchema.strict().parse(r.body)
}

/** Searches everywhere when `q` has this file's letters in it, else within this file's service. */
async function expectExact(q: string) {
  const scoped = !q.toLocaleLowerCase('und').includes(s)
  const want = made.filter((i) => contains(i.title, q)).sort(newestFirst)
  const got = await search(q, scoped)
  expect(got.incidents.map((i) => i.title), q).toEqual(want.map((i) => i.title))
  expect(got.total, q).toBe(want.length)
  return want.length
}

beforeAll(async () => {
  w = await world()
  made = []
  for (const title of titles) made.push(await w.create({ title }))
})

describe('title search', () => {
  it('checks the text itself, not only the trigrams the index read', async () => {
    expect(await expectExact(term)).toBe(1)
    expect(await expectExact(term.toUpperCase())).toBe(1)
    expect(await expectExact(`${term} in`)).toBe(1)
    expect(await expectExact(`${s} ${s.slice(3)}`)).toBe(1)
  })

  it('checks the text when the index reads only two of the trigrams', async () => {
    expect(await expectExact(`${s} ${long12}`)).toBe(1)
    expect(await expectExact(long12.toUpperCase())).toBe(1)
    expect(await expectExact(long12.slice(1))).toBe(1)
    expect(await expectExact(`${long12.slice(0, 8)} ${s}`)).toBe(6)
  })

  it('a term whose every trigram is common among the titles', async () => {
    expect(await expectExact(s)).toBe(titles.length)
    expect(await expectExact(`full ${s}-`)).toBe(6)
    expect(await expectExact(`full ${s}-1`)).toBe(1)
    expect(await expectExact(`full ${s}-0`)).toBe(2)
    expect(await expectExact(`full ${s}-99`)).toBe(0)
  })

  it('keeps the exact total and the order across pages', async () => {
    const all = made.filter((i) => contains(i.title, `full ${s}`)).sort(newestFirst)
    const page = await search(`full ${s}`, false, '&limit=2&offset=2')
    expect(page.incidents.map((i) => i.id)).toEqual(all.slice(2, 4).map((i) => i.id))
    expect(page).toMatchObject({ total: 6, hasMore: true })
    expect(await search(`full ${s}`, false, '&offset=10')).toMatchObject({ incidents: [], total: 6, hasMore: false })
  })

  it('LIKE wildcards and the escape character are plain text', async () => {
    expect(await expectExact(`${s} 50%_off\\path`)).toBe(1)
    expect(await expectExact('0%_off\\p')).toBe(1)
    expect(await expectExact('%_o')).toBe(1)
    expect(await expectExact('_off\\')).toBe(2)
    expect(await expectExact('f\\p')).toBe(3)
    expect(await expectExact('\\\\')).toBe(0)
  })

  it('quotes are plain text', async () => {
    expect(await expectExact(`said "hello" 'w`)).toBe(1)
    expect(await expectExact('"hello"')).toBe(1)
    expect(await expectExact('""')).toBe(0)
    expect(await expectExact(`${s} said "`)).toBe(1)
  })

  it('non-ASCII text in any case, including characters outside the BMP', async () => {
    expect(await expectExact(`${s} ÜBERLASTUNG IM`)).toBe(1)
    expect(await expectExact('zürich')).toBe(1)
    expect(await expectExact('🔥🔥')).toBe(1)
    expect(await expectExact('e 🔥🔥')).toBe(1)
    expect(await expectExact(`${s} 🔥 fire 🔥🔥`)).toBe(1)
    expect(await expectExact('🔥 🔥')).toBe(0)
  })

  it('control characters in titles and terms', async () => {
    expect(await expectExact('b\u0001s')).toBe(1)
    expect(await expectExact('tab\u0001sep')).toBe(1)
    expect(await expectExact(`${s} tab\u0001sep here`)).toBe(1)
    expect(await expectExact('\u0001sep here')).toBe(1)
    expect(await expectExact('tab\u0002sep')).toBe(0)
  })

  it('finds a renamed title by its new text, not its old one', async () => {
    const renamed = made.find((i) => i.title.endsWith(' soon renamed'))!
    const title = `${s} renamed ${long12.slice(2, 9)}`
    const r = await w.patch(renamed.id, { title })
    expect(r.status, r.text).toBe(200)
    made = made.map((i) => (i.id === renamed.id ? { ...i, title } : i))
    expect(await expectExact(`renamed ${long12.slice(2, 9)}`)).toBe(1)
    expect(await expectExact('soon renamed')).toBe(0)
  })

  it('three-character terms, and terms with no match', async () => {
    expect(await expectExact(s.slice(1, 4))).toBe(titles.length)
    expect(await expectExact(s.slice(4) + s.slice(0, 2))).toBe(2)
    expect(await expectExact('ful')).toBe(6)
    expect(await expectExact(`${s}-zz`)).toBe(0)
  })
})
