/**
 * The mailer in AWS: Amazon SES v2 `SendEmail` from the configured identity (the function's IAM
 * allows sending from that identity only). SES builds the MIME message from the subject and the
 * two bodies; each part is declared UTF-8.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../domain/notifications/ports.ts';
import { mailbox } from './mime.ts';

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    /** The sender address, `Name <address>` or an address, of the verified identity. */
    private readonly from: string,
    /** The identity's ARN: what IAM authorizes the send against. */
    private readonly identityArn: string,
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const { MessageId } = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        FromEmailAddressIdentityArn: this.identityArn,
        Destination: { ToAddresses: [mailbox(mail.to.address, mail.to.name)] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: mail.text, Charset: 'UTF-8' },
              Html: { Data: mail.html, Charset: 'UTF-8' },
            },
            Headers: [{ Name: 'X-JUCIP-Event-Id', Value: mail.eventId }],
          },
        },
        EmailTags: [{ Name: 'event', Value: mail.eventId }],
      }),
    );
    return MessageId ?? '';
  }
}
