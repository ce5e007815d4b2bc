// A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package): records every message
// it accepts, parsed by `mailparser`, and answers each DATA with what the test says.
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface Mail {
  /** The envelope's recipients. */
  rcpt: string[]
  parsed: ParsedMail
  at: number
}

/** The reply to one DATA: accept (250), or an SMTP error code with its text. */
export type SmtpAnswer = 'accept' | { code: number; message: string }

export interface SmtpSink {
  url: string
  /** Messages accepted so far. */
  mails: Mail[]
  /** Every DATA received, accepted or not (its Message-ID). */
  attempts: string[]
  /** Answers for the next messages, in order; then every message is accepted. */
  answer: (...answers: SmtpAnswer[]) => void
  /** Resolves once `count` messages to `to` were accepted (or rejects after `timeoutMs`). */
  waitFor: (to: string, count?: number, timeoutMs?: number) => Promise<Mail[]>
  close: () => Promise<void>
}

export const TEST_MAIL_FROM = 'Incident Console <incidents@example.test>'
export const TEST_ACK_LINK_SECRET = 'test-ack-link-secret-0123456789abcdef'

/** The app settings that send email to `sink`. */
export const mailEnv = (sink: SmtpSink) => ({ SMTP_URL: sink.url, MAIL_FROM: TEST_MAIL_FROM, ACK_LINK_SECRET: TEST_ACK_LINK_SECRET })

export async function startSmtp(): Promise<SmtpSink> {
  const mails: Mail[] = []
  const attempts: string[] = []
  const queue: SmtpAnswer[] = []
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: the client would otherwise upgrade to TLS with a certificate it cannot check.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const rcpt = session.envelope.rcptTo.map((r) => r.address)
      simpleParser(stream)
        .then((parsed) => {
          attempts.push(parsed.messageId ?? '')
          const answer = queue.shift() ?? 'accept'
          if (answer !== 'accept') return callback(Object.assign(new Error(answer.message), { responseCode: answer.code }))
          mails.push({ rcpt, parsed, at: Date.now() })
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  const to = (m: Mail, address: string) => m.rcpt.includes(address)
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    attempts,
    answer: (...answers) => queue.push(...answers),
    waitFor: async (address, count = 1, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs
      for (;;) {
        const got = mails.filter((m) => to(m, address))
        if (got.length >= count) return got
        if (Date.now() > until) throw new Error(`${got.length} of ${count} emails to ${address} after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
