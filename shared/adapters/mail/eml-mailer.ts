/**
 * The local mailer: each e-mail is an `.eml` file (RFC 5322, multipart/alternative, UTF-8) in the
 * local state folder's `mail/` (`MAIL_DIR`), named after its event and recipient, so a mail client
 * opens it and a test reads it. Nothing leaves the machine.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMail } from '../../domain/notifications/ports.ts';
import { composeMime, mailbox } from './mime.ts';

export class EmlMailer implements Mailer {
  constructor(
    private readonly directory: string,
    /** The sender, `Name <address>` or an address. */
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const recipient = createHash('sha256').update(mail.to.address.toLowerCase()).digest('hex').slice(0, 12);
    const messageId = `${mail.eventId}.${recipient}@jucip.local`;
    const eml = composeMime({
      from: this.from,
      to: mailbox(mail.to.address, mail.to.name),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      date: this.now(),
      messageId,
      headers: { 'X-JUCIP-Event-Id': mail.eventId },
    });
    await mkdir(this.directory, { recursive: true });
    const file = join(this.directory, `${mail.eventId}-${recipient}.eml`);
    // Written whole or not at all: a reader never sees half a message.
    await writeFile(`${file}.tmp`, eml, 'utf8');
    await rename(`${file}.tmp`, file);
    return messageId;
  }
}
