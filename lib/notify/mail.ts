// One attempt to send one email over SMTP, with nodemailer (the maintained Node SMTP client: STARTTLS,
// authentication, pipelining and the MIME encoding of the message are its job). A transport per
// attempt, closed after it, so an attempt that ran out of time leaves nothing behind; each has
// its own connection, greeting and socket timeouts under the same 10 s limit as a webhook.
import nodemailer from 'nodemailer'
import { ATTEMPT_TIMEOUT_MS, RESPONSE_KEPT_BYTES, type AttemptResult } from './deliver'
import type { Email } from './rules/email'

/** The reply code at the start of an SMTP answer ("250 2.0.0 OK"), or null. */
const replyCode = (answer: unknown): number | null => {
  const m = typeof answer === 'string' ? /^(\d{3})[\s-]/.exec(answer) : null
  return m ? Number(m[1]) : null
}

const kept = (s: unknown) => (typeof s === 'string' ? s.slice(0, RESPONSE_KEPT_BYTES) : null)

/**
 * Sends `email` from `from` through `smtpUrl` with Message-ID `<id@…>` (the same on every attempt,
 * so a receiver can tell a retry from a second email). `status` is the server's final reply code.
 */
export async function sendMail(
  smtpUrl: string,
  from: string,
  messageId: string,
  email: Email,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
): Promise<AttemptResult> {
  const started = performance.now()
  const done = (r: Omit<AttemptResult, 'durationMs' | 'retryAfter'>): AttemptResult => ({
    ...r,
    retryAfter: null,
    durationMs: Math.round(performance.now() - started),
  })
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs)
  })
  try {
    const info = await Promise.race([
      transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: `<${messageId}@incident-console>` }),
      timeout,
    ])
    return done({ status: replyCode(info.response) ?? 250, response: kept(info.response), error: null })
  } catch (e) {
    const err = e as { responseCode?: number; response?: string; message?: string }
    return done({ status: typeof err.responseCode === 'number' ? err.responseCode : null, response: kept(err.response), error: err.message ?? String(e) })
  } finally {
    clearTimeout(timer)
    transport.close()
  }
}
