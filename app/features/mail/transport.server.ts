import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { dataDir } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

/** One mail as the transport sends it. */
export type OutgoingMail = {
  id: string
  to: string
  subject: string
  text: string
  /** The one-click unsubscribe address (RFC 8058), for mails a person chose to get. */
  unsubscribeUrl: string | null
}

export type MailTransport = { describe: string; send: (mail: OutgoingMail) => Promise<void> }

function headersOf(mail: OutgoingMail): Record<string, string> {
  const headers: Record<string, string> = { 'X-Inquiry-Mail-Id': mail.id }
  if (mail.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${mail.unsubscribeUrl}>`
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  return headers
}

/** Sends over SMTP (SMTP_URL): nodemailer with its own short timeouts, so a dead server fails fast and the mail is retried. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as SMTPTransport.Options)
  const { hostname, port } = new URL(url)
  return {
    describe: `mail is sent over SMTP to ${hostname}:${port || (url.startsWith('smtps') ? 465 : 587)}`,
    send: async (mail) => {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, headers: headersOf(mail) })
    },
  }
}

/** Without SMTP_URL: each mail becomes an .eml file in the outbox folder, so nothing is lost in a demo and nothing fails. */
export function fileTransport(dir: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    describe: `no SMTP_URL is set: mails are written to ${dir} as .eml files`,
    send: async (mail) => {
      const info = await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, headers: headersOf(mail) })
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`), info.message as Buffer, { mode: 0o600 })
    },
  }
}

let instance: MailTransport | undefined

/** The process's transport, chosen once from SMTP_URL. */
export function getMailTransport(): MailTransport {
  if (instance) return instance
  const env = getEnv()
  instance = env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.MAIL_FROM) : fileTransport(join(dataDir(), 'outbox'), env.MAIL_FROM)
  return instance
}

/** Replaces the transport (tests point it at their own SMTP server or make it fail); returns the one it replaced. */
export function setMailTransport(transport: MailTransport | undefined): MailTransport | undefined {
  const previous = instance
  instance = transport
  return previous
}
