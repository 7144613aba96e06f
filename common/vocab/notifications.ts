/**
 * Notification vocabulary (issue 14, docs/notifications.md): the kinds of event that reach a
 * person's inbox (and their e-mail unless they turned that kind off), and the states of an
 * e-mail.
 *
 * Example: a package enters review → each of its reviewers gets a `review_needed` notification.
 */
export const NOTIFICATION_KINDS = [
  'classification_needed',
  'review_needed',
  'returned',
  'comment',
  'sign_off_needed',
  'approved',
  'released',
  'link_expiring',
  'revoked',
  'closure_incomplete',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS = {
  classification_needed: 'Your classification is needed',
  review_needed: 'A review is needed',
  returned: 'A package was returned to you',
  comment: 'A comment on your package',
  sign_off_needed: 'Your sign-off is needed',
  approved: 'A package was approved',
  released: 'A package was released',
  link_expiring: 'A download link is about to expire',
  revoked: 'A release was revoked',
  closure_incomplete: 'A project’s closure checklist is still incomplete',
} as const satisfies Record<NotificationKind, string>;

/**
 * Where a notification's e-mail stands:
 * - `pending`: waiting to be sent (queued once `email_queued_at` is set);
 * - `held`: a release e-mail waiting for the release to finish;
 * - `sent`: the SMTP server accepted it;
 * - `refused`: the SMTP server refused the address or the message for good (a 5xx reply);
 * - `failed`: every attempt failed (the server was unreachable or answered 4xx each time);
 * - `off`: no e-mail: the person turned this kind off, has no address, or e-mail is not configured;
 * - `cancelled`: a held release e-mail whose release did not finish.
 */
export const EMAIL_STATUSES = ['pending', 'held', 'sent', 'refused', 'failed', 'off', 'cancelled'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
