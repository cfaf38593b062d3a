import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { freePort } from './free-port'

export type ReceivedMail = { to: string[]; parsed: ParsedMail; raw: string }

/**
 * A real SMTP server in this process (the smtp-server package): it accepts any login and keeps
 * every mail it receives, parsed. `refuse` makes it answer every mail with a temporary failure,
 * as a mail server that is down for maintenance would.
 */
export async function startSmtpServer(): Promise<{
  url: string
  mails: ReceivedMail[]
  refuse: (on: boolean) => void
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedMail[]>
  waitForMailTo: (address: string, timeoutMs?: number) => Promise<ReceivedMail>
  stop: () => Promise<void>
}> {
  const mails: ReceivedMail[] = []
  let refusing = false
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (refusing) {
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 })
          callback(error)
          return
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        void simpleParser(raw).then((parsed) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed, raw })
          callback()
        }, callback)
      })
    },
    logger: false,
  })
  const port = await freePort()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    url: `smtp://user:pass@127.0.0.1:${port}`,
    mails,
    refuse: (on) => {
      refusing = on
    },
    waitFor: async (count, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs
      while (mails.length < count) {
        if (Date.now() > until) throw new Error(`the SMTP server received ${mails.length} mail(s), not ${count}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return mails
    },
    waitForMailTo: async (address, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs
      for (;;) {
        const mail = mails.find((m) => m.to.includes(address))
        if (mail) return mail
        if (Date.now() > until) throw new Error(`no mail to ${address} reached the SMTP server`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
