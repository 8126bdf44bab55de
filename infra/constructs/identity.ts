import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  ResourceServerScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../shared/domain/policy.ts';
import { scopeDescriptions, scopeResourceServer } from '../../shared/domain/scopes.ts';
import { orgIdAttribute } from '../../shared/http/principal.ts';
import { pascalCase } from './names.ts';

/**
 * The Cognito groups, most privileged first. API Gateway passes them to handlers in the
 * `cognito:groups` claim; precedence follows this order.
 */
export const userGroups = [...roles].reverse();

/** The custom attribute naming a user's organisation; it reaches tokens as `custom:orgId`. */
export { orgIdAttribute };

/** Properties of {@link Identity}. */
export interface IdentityProps {
  /** Used in the user pool's name. */
  readonly stage: string;
  /** Keep the user pool (deletion protection, `RETAIN`) when the stack is removed. */
  readonly retainData: boolean;
}

/**
 * Who may call the protected routes: a Cognito user pool whose accounts administrators create
 * (no self sign-up) and whose people must use TOTP MFA, with the role groups, the organisation
 * attribute, and one public app client.
 * Clients send the ID token: it carries `aud` (the client id), `cognito:groups` and `custom:orgId`.
 */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The `iss` of the pool's tokens, which the API's JWT authorizer checks. */
  readonly issuerUrl: string;
  /** The resource server that owns the tracker's OAuth scopes (`tracker/...`) for machine clients. */
  readonly resourceServer: UserPoolResourceServer;
  /** The Cognito domain whose `/oauth2/token` endpoint machine clients get access tokens from. */
  readonly domain: UserPoolDomain;
  /** Where machine clients exchange their id and secret for an access token (client credentials). */
  readonly tokenUrl: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `jucip-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // A changed e-mail address takes effect only once verified, so sign-in cannot be redirected.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { [orgIdAttribute]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Every person signs in with a TOTP app as a second factor (set up at first sign-in); machine
      // clients use their own secret. A pool first deployed with optional MFA needs a one-off switch
      // (docs/operations.md), since CloudFormation's update of MfaConfiguration has not been reliable.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Essentials tier suffices for a small, administrator-invited set of partner staff; the Plus tier (threat protection) is billed per active user and is worth revisiting if self sign-up is ever opened.',
    });

    userGroups.forEach((groupName, precedence) => {
      this.userPool.addGroup(`${pascalCase(groupName)}Group`, { groupName, precedence });
    });

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: `jucip-${props.stage}-web`,
      // A browser app cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      // Sign-in happens through SRP in the app; there is no hosted UI, so no OAuth flows or callback URLs.
      disableOAuth: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(orgIdAttribute),
      // Users must never set their own organisation: only administrators change `custom:orgId`.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    this.issuerUrl = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;

    // Machine clients (docs/machine-clients.md): the scopes they may hold, and the token endpoint
    // they use. Their app clients are created at run time by the organisations function, each with
    // the client-credentials grant only and 15-minute access tokens.
    this.resourceServer = this.userPool.addResourceServer('TrackerResourceServer', {
      identifier: scopeResourceServer,
      userPoolResourceServerName: `jucip-${props.stage}-tracker`,
      scopes: Object.entries(scopeDescriptions).map(
        ([scopeName, scopeDescription]) => new ResourceServerScope({ scopeName, scopeDescription }),
      ),
    });
    // A Cognito prefix domain: the prefix must be unique in the region, so it carries the account.
    this.domain = this.userPool.addDomain('TokenDomain', {
      cognitoDomain: { domainPrefix: `jucip-${props.stage}-${Stack.of(this).account}` },
    });
    this.tokenUrl = `${this.domain.baseUrl()}/oauth2/token`;
  }
}
