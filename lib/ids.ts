import { randomFillSync } from 'node:crypto'

// Crockford base32, lower case, ULID layout: a 48-bit millisecond timestamp then 80 random bits.
// Ids sort by creation time (append-only primary-key inserts in both databases), and ids made in
// the same millisecond by this process increase too, so events written together keep their order.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** Ids are short; anything longer cannot exist and is answered without a query. */
export const MAX_ID_LENGTH = 64

export type IdPrefix = 'inc' | 'svc' | 'usr' | 'key' | 'evt' | 'idem' | 'whk' | 'att' | 'alr' | 'sch' | 'lyr' | 'ovr' | 'esc' | 'not'

// Random bytes for ids come from a pool refilled 4 KiB at a time: a call to the generator per id
// (and per request id) was 4 % of the server's time in an alert storm. The pool is only for ids;
// keys, tokens and secrets take their bytes straight from node:crypto.
const pool = Buffer.alloc(4096)
let used = pool.length

/** `n` (≤ 4096) random bytes for an id, copied out of the pool. */
export function randomIdBytes(n: number): Buffer {
  if (used + n > pool.length) {
    randomFillSync(pool)
    used = 0
  }
  used += n
  return Buffer.from(pool.subarray(used - n, used))
}

let lastTime = -1
const lastRandom = new Uint8Array(16)

export function newId(prefix: IdPrefix, now = Date.now()): string {
  if (now <= lastTime) {
    // Same (or an earlier) millisecond: keep the last timestamp and count up the random part.
    for (let i = 15; i >= 0; i--) {
      if (lastRandom[i] < 31) {
        lastRandom[i]++
        break
      }
      lastRandom[i] = 0
    }
  } else {
    lastTime = now
    const bytes = randomIdBytes(16)
    // The top digit stays below 16 so counting up can never overflow into the timestamp.
    for (let i = 0; i < 16; i++) lastRandom[i] = bytes[i] & (i === 0 ? 15 : 31)
  }
  let time = ''
  let t = lastTime
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  let rand = ''
  for (let i = 0; i < 16; i++) rand += ALPHABET[lastRandom[i]]
  return `${prefix}_${time}${rand}`
}
