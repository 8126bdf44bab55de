/**
 * The mailer this deployment uses, chosen by configuration like the other adapters: `.eml` files
 * under `MAIL_DIR` when it is set (the local runtime sets it), else SES v2 from `MAIL_FROM`, an
 * address of the identity `SES_IDENTITY_ARN` names (both set by CDK when the stage configures
 * mail), else none (`shared/config/env.ts`, docs/notifications.md).
 */
import { mailEnvironment, requiredEnv } from '../../config/env.ts';
import type { Mailer } from '../../domain/notifications/ports.ts';
import { EmlMailer } from './eml-mailer.ts';
import { SesMailer, sesClientFromEnvironment } from './ses-mailer.ts';

/**
 * The configured mailer, or none when the deployment sends no e-mail (neither `MAIL_DIR` nor
 * `MAIL_FROM` is set).
 * @throws Error naming a missing variable
 */
export function configuredMailer(): Mailer | undefined {
  const directory = process.env[mailEnvironment.directory];
  if (directory) return new EmlMailer(directory, requiredEnv(mailEnvironment.from));
  if (!process.env[mailEnvironment.from]) return undefined;
  return new SesMailer(
    sesClientFromEnvironment(),
    requiredEnv(mailEnvironment.from),
    requiredEnv(mailEnvironment.sesIdentityArn),
  );
}
