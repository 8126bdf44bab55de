/** Environment variables, read once and checked: a missing one is a clear error, never `undefined`. */
import { type BucketId, buckets } from '../buckets.ts';
import { type TableId, tables } from '../tables.ts';

/**
 * The value of a required environment variable.
 * @throws Error naming the variable when it is missing or empty.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing environment variable ${name}`);
  }
  return value;
}

/** The physical name of a table, from the environment variable its definition names. */
export function tableName(id: TableId): string {
  return requiredEnv(tables[id].envVar);
}

/** The physical name of a bucket, from the environment variable its definition names. */
export function bucketName(id: BucketId): string {
  return requiredEnv(buckets[id].envVar);
}

/**
 * Whether buckets keep object versions: they do in AWS; the local S3-compatible server does not
 * (`S3_VERSIONING=off`, set by the local runtime).
 */
export function bucketsVersioned(): boolean {
  return process.env.S3_VERSIONING !== 'off';
}

/** The deployment stage (`local` for the local runtime). */
export function stage(): string {
  return process.env.STAGE ?? 'local';
}

/** The application version reported by `GET /health`. */
export function appVersion(): string {
  return process.env.APP_VERSION ?? '0.1.0';
}

/** The variables that configure optional-token verification (set by CDK from the user pool, and by the local runtime). */
export const tokenEnvironment = {
  issuerUrl: 'TOKEN_ISSUER_URL',
  audience: 'TOKEN_AUDIENCE',
  /** Locally only: the PEM file of the local issuer's public key (instead of the pool's JWKS URL). */
  publicKeyFile: 'TOKEN_PUBLIC_KEY_FILE',
} as const;

/**
 * The variables that name the HTTP API's JWT authorizer whose audience the organisations function
 * keeps in step with the machine clients (set by CDK; absent locally). docs/machine-clients.md
 */
export const authorizerEnvironment = {
  apiId: 'AUTHORIZER_API_ID',
  authorizerId: 'AUTHORIZER_ID',
  issuerUrl: 'AUTHORIZER_ISSUER_URL',
  webClientId: 'AUTHORIZER_WEB_CLIENT_ID',
} as const;

/** What the indicator job reads to write releases (docs/releases.md); set by CDK from the stack's configuration. */
export const releaseEnvironment = {
  license: 'RELEASE_LICENSE',
  publicBaseUrl: 'PUBLIC_BASE_URL',
} as const;

/** The IATI file's publisher (docs/iati.md); set by CDK when the stack's configuration names one. */
export const iatiEnvironment = {
  reportingOrgRef: 'IATI_REPORTING_ORG_REF',
  reportingOrgName: 'IATI_REPORTING_ORG_NAME',
  reportingOrgType: 'IATI_REPORTING_ORG_TYPE',
} as const;

/**
 * The variables that configure notification e-mail (docs/notifications.md): `.eml` files under
 * `MAIL_DIR` when set (the local runtime), else SES v2 from `MAIL_FROM` through the identity
 * `SES_IDENTITY_ARN` (set by CDK when the stage configures mail); neither: in-app notifications only.
 * `TRACKER_BASE_URL`, when set, makes the links in e-mails absolute.
 */
export const mailEnvironment = {
  from: 'MAIL_FROM',
  sesIdentityArn: 'SES_IDENTITY_ARN',
  directory: 'MAIL_DIR',
  baseUrl: 'TRACKER_BASE_URL',
} as const;
