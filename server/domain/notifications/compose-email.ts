/**
 * The e-mail of one notification (issue 14, docs/notifications.md): its title as the subject, a
 * sentence saying why the recipient gets it, and one link. Links point to the web UI
 * (`publicBaseUrl` + the notification's path); the only other link ever written is the release
 * download link, and only in the release e-mail to the destination's contact, who has no account.
 * Nothing else comes in: no file content, no finding values, no other token — the inputs are
 * the stored title and path, and the title is written by the notification hooks from names only.
 *
 * Example: a review_needed notification for ada@example.org with path `/packages/p1` →
 * subject "A review is needed: Report (Alpha)", link https://egress.example.org/packages/p1.
 */
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from '../../../common/vocab/notifications';

export interface EmailInput {
  id: string;
  kind: NotificationKind;
  title: string;
  path: string;
  /** Set for an outside recipient (a destination's contact). */
  outsideRecipient: boolean;
  /** The release link's token, for an outside recipient's release e-mail only. */
  linkToken: string | null;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Composes the e-mail; `publicBaseUrl` has no trailing slash. */
export function composeEmail(input: EmailInput, publicBaseUrl: string): ComposedEmail {
  const subject = input.title.replace(/[\r\n]+/g, ' ').slice(0, 200);
  let link: string | null;
  let why: string;
  if (input.outsideRecipient) {
    link = input.kind === 'released' && input.linkToken ? `${publicBaseUrl}/api/v1/links/${encodeURIComponent(input.linkToken)}` : null;
    why = link
      ? 'Outputs were released to you. Download them with this link (it works a limited number of times and until it expires):'
      : 'You are the contact for this release in the Safe Haven Egress service.';
  } else {
    link = `${publicBaseUrl}${input.path}`;
    why = `${NOTIFICATION_KIND_LABELS[input.kind]}. Open it in Safe Haven Egress (sign in to see the details):`;
  }
  const footer = input.outsideRecipient
    ? 'You receive this because your address is the contact of a release destination.'
    : 'You can turn e-mail for this kind of notification off under Notification settings.';
  const text = [subject, '', why, ...(link ? [link] : []), '', footer].join('\n');
  const html = [
    `<p><strong>${escapeHtml(subject)}</strong></p>`,
    `<p>${escapeHtml(why)}</p>`,
    ...(link ? [`<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`] : []),
    `<p style="color:#666">${escapeHtml(footer)}</p>`,
  ].join('\n');
  return { subject, text, html };
}
