/**
 * The SMTP mailer (ports/mailer.ts) with nodemailer: one pooled-free transport per server, short
 * timeouts so an unreachable server fails an attempt quickly (the job retries it later) instead of
 * holding a worker. A 5xx reply is a refusal for good (`refused`, with the server's reply); any
 * other failure throws, and the e-mail job tries again with back-off.
 */
import nodemailer from 'nodemailer';
import type { MailSettings } from '../config/mail-settings';
import type { MailMessage, MailOutcome, Mailer } from '../ports/mailer';

interface SmtpError {
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

export function smtpMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    ...(settings.tlsRejectUnauthorized === false ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    async send(message: MailMessage): Promise<MailOutcome> {
      try {
        await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId });
        return { outcome: 'sent' };
      } catch (error) {
        const e = error as SmtpError;
        if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
          const reply = `${e.command ? `${e.command}: ` : ''}${e.response ?? e.message ?? String(e.responseCode)}`;
          return { outcome: 'refused', reply: reply.slice(0, 500) };
        }
        throw error;
      }
    },
    close() {
      transport.close();
    },
  };
}
