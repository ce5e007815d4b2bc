// How many passwords may be checked for a sign-in. Each attempt is counted *before* its password
// is hashed, atomically in the shared store, so a burst of simultaneous attempts gets exactly the
// limit checked and 429 for the rest (counting after the slow hash let all of them through).
// Counted per (account, address) and per address: someone guessing an account's password slows
// only their own address, never the account's owner signing in from elsewhere. A successful
// sign-in clears its (account, address) count and does not use up the address's budget.
import { signInLimits } from '@/lib/api/rateLimit'

export interface SignInAttempt {
  /** The password was right: this attempt no longer counts. */
  succeeded: () => Promise<void>
}

const pairKey = (email: string, address: string) => `${email} ${address}`

/** Counts an attempt by `email` from `address`, or throws RateLimitedError (429) past a limit. */
export async function startSignInAttempt(email: string, address: string): Promise<SignInAttempt> {
  const limits = await signInLimits()
  const pair = pairKey(email, address)
  // The account first: a burst against one account is refused there without using up the
  // address's budget, which the other people behind that address share.
  await limits.pair.take(pair)
  try {
    await limits.address.take(address)
  } catch (e) {
    await limits.pair.giveBack(pair)
    throw e
  }
  return {
    succeeded: async () => {
      await Promise.all([limits.pair.forget(pair), limits.address.giveBack(address)])
    },
  }
}
