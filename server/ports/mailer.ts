/**
 * Sending one e-mail (issue 14, docs/notifications.md); the SMTP adapter is
 * server/delivery/smtp-mailer.ts. `send` resolves `sent` when the server accepted the message,
 * `refused` when it refused it for good (a 5xx reply, e.g. an unknown address at RCPT TO or a
 * rejected DATA), and throws for anything worth trying again (unreachable, timeout, 4xx).
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID per notification and recipient, so a receiving server can drop a duplicate. */
  messageId: string;
}

export type MailOutcome = { outcome: 'sent' } | { outcome: 'refused'; reply: string };

export interface Mailer {
  send(message: MailMessage): Promise<MailOutcome>;
  close?(): void;
}
