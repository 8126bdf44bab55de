/**
 * The notification messages (docs/notifications.md): the subject, plain-text and HTML bodies of
 * each domain event's e-mail and the title of its in-app notification, in English or Japanese.
 * The words are ICU MessageFormat strings in `mail.<language>.json` (English is the source, a unit
 * test keeps the languages' keys and placeholders alike, as for the other catalogues); the two
 * layouts below put them together. The HTML body escapes every formatted paragraph, values and
 * words alike, so nothing an organisation or a submitter typed (a file name, a comment) can become
 * markup.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { DomainEvent } from '../domain/events/schema.ts';
import { intlLocales, type Language } from './languages.ts';
import en from './mail.en.json' with { type: 'json' };
import ja from './mail.ja.json' with { type: 'json' };

export type MailMessageKey = keyof typeof en;

/** The mail catalogues by language. */
export const mailCatalogues: Readonly<Record<Language, Readonly<Record<MailMessageKey, string>>>> = {
  en,
  ja,
};

const compiled = new Map<string, IntlMessageFormat>();

function format(language: Language, key: MailMessageKey, values: Readonly<Record<string, string>>): string {
  const cacheKey = `${language}\u0000${key}`;
  let message = compiled.get(cacheKey);
  if (!message) {
    message = new IntlMessageFormat(mailCatalogues[language][key], intlLocales[language]);
    compiled.set(cacheKey, message);
  }
  return String(message.format(values));
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The values an event's messages use: its detail's fields, as strings (identifiers, not quantities). */
function valuesOf(event: DomainEvent, language: Language): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.detail)) {
    if (Array.isArray(value)) values[name] = value.join(language === 'ja' ? '、' : ', ');
    else if (value !== undefined) values[name] = String(value);
  }
  return values;
}

export interface RenderContext {
  readonly language: Language;
  /** Whom the e-mail greets: a contact's name or address. */
  readonly recipient: string;
  /** The organisation's name, for the footer. */
  readonly orgName: string;
  /** Where the tracker is reached, to make the link absolute; the API path alone without it. */
  readonly baseUrl?: string | undefined;
  /** The API path of what the event is about. */
  readonly link?: string | undefined;
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** One line about an event in a language: the in-app title, and the e-mail's subject. */
export function titleOf(event: DomainEvent, language: Language): string {
  return format(language, `mail.${event.type}.subject`, valuesOf(event, language));
}

/** The e-mail about an event for one recipient, as plain text and as HTML with the same words. */
export function renderMail(event: DomainEvent, context: RenderContext): RenderedMail {
  const { language } = context;
  const values = valuesOf(event, language);
  const subject = format(language, `mail.${event.type}.subject`, values);
  const url =
    context.link && (context.baseUrl ? new URL(context.link, context.baseUrl).toString() : context.link);
  const comment = 'comment' in event.detail ? event.detail.comment : undefined;
  const paragraphs = [
    format(language, 'mail.greeting', { recipient: context.recipient }),
    format(language, `mail.${event.type}.body`, values),
    ...(comment ? [format(language, 'mail.comment', { comment })] : []),
  ];
  const open = url === undefined ? undefined : format(language, 'mail.open', { link: url });
  const footer = format(language, 'mail.footer', { orgName: context.orgName });

  const text = [...paragraphs, ...(open ? [open] : []), '--', footer].join('\n\n');
  const linkParagraph =
    url === undefined
      ? []
      : [
          `<p>${escapeHtml(format(language, 'mail.open', { link: '\u0000' })).replace(
            '\u0000',
            `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`,
          )}</p>`,
        ];
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...linkParagraph,
    `<hr><p style="color: #555; font-size: 0.9em">${escapeHtml(footer)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text, html };
}
