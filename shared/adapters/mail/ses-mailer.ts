/**
 * The mailer in AWS: Amazon SES v2 `SendEmail` from the configured identity (the function's IAM
 * allows sending from that identity only). SES builds the MIME message from the subject and the
 * two bodies; each part is declared UTF-8. REST-JSON `POST /v2/email/outbound-emails`, signed by
 * `AwsService` rather than sent by `@aws-sdk/client-sesv2` (`docs/aws-calls.md`).
 */
import type { Mailer, OutgoingMail } from '../../domain/notifications/ports.ts';
import { jsonBody, restJsonRequest } from '../aws/json-requests.ts';
import { AwsService } from '../aws/signed-request.ts';
import { mailbox } from './mime.ts';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: AwsService,
    /** The sender address, `Name <address>` or an address, of the verified identity. */
    private readonly from: string,
    /** The identity's ARN: what IAM authorizes the send against. */
    private readonly identityArn: string,
  ) {}

  /** @throws AwsServiceError when SES refuses the mail (`MessageRejected`, throttling after retries…) */
  async send(mail: OutgoingMail): Promise<string> {
    const response = await this.ses.send(
      // Members in the order of the SDK's `SendEmailRequest` schema.
      restJsonRequest('POST', '/v2/email/outbound-emails', {
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
        FromEmailAddress: this.from,
        FromEmailAddressIdentityArn: this.identityArn,
        Destination: { ToAddresses: [mailbox(mail.to.address, mail.to.name)] },
        EmailTags: [{ Name: 'event', Value: mail.eventId }],
      }),
    );
    return jsonBody<{ MessageId: string }>(response).MessageId ?? '';
  }
}

/** SES v2 for this environment: signing name `ses`, endpoint `email.<region>.amazonaws.com`. */
export function sesClientFromEnvironment(): AwsService {
  return new AwsService({ service: 'ses', endpointPrefix: 'email', maxAttempts: 3 });
}
