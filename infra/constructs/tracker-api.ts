import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  type CorsPreflightOptions,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { corsAllowHeaders, corsExposeHeaders } from '../../shared/http/cors.ts';
import { type FunctionId, type RouteDefinition, routeKey } from '../../shared/routes.ts';
import type { TrackerConfig } from '../config.ts';
import { pascalCase } from './names.ts';

/** The function behind `$default`: it answers unknown paths (404) and wrong methods (405). */
export const fallbackFunctionId: FunctionId = 'fallback';

/** Properties of {@link TrackerApi}. */
export interface TrackerApiProps {
  /** The route table, normally `routes` from `shared/routes.ts`. */
  readonly routes: readonly RouteDefinition[];
  /** The function for each id the routes (and the fallback) name. */
  readonly functions: ReadonlyMap<FunctionId, IFunction>;
  /** Issuer and audience (app client id) that `jwt` routes accept. */
  readonly jwt: { readonly issuerUrl: string; readonly audience: string };
  /** Stage name, CORS origins, throttling and log retention. */
  readonly config: TrackerConfig;
}

// Request headers browsers may send cross-origin and response headers scripts may read: the ones the
// handlers use (conditional writes, request correlation, retry hints, created resources).

// One JSON object per request. Only variables HTTP APIs support; the JWT `sub` identifies the caller
// without logging the token.
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    httpMethod: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
  }),
);

/** A route either checks the caller's token or is public for a stated reason. */
type RouteAccess = { readonly authorizer: IHttpRouteAuthorizer } | { readonly publicBecause: string };

/** `GET /projects/{id}` → `GetProjectsById`: readable, and distinct for distinct route keys. */
function routeConstructId(route: RouteDefinition): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => `By-${name}`);
  return `Route${pascalCase(`${route.method.toLowerCase()} ${path}`)}`;
}

function corsPreflight(origins: readonly string[], routes: readonly RouteDefinition[]): CorsPreflightOptions {
  return {
    allowOrigins: [...origins],
    allowMethods: [...new Set(routes.map((route) => CorsHttpMethod[route.method]))],
    allowHeaders: corsAllowHeaders,
    exposeHeaders: corsExposeHeaders,
    // Bearer tokens travel in a header, never in cookies.
    allowCredentials: false,
    maxAge: Duration.hours(1),
  };
}

/**
 * The HTTP API: one route per route definition (JWT-authorized or public, as the definition says),
 * `$default` to the fallback function, JSON access logs on the `$default` stage, the stage's
 * default throttle for authenticated routes and a tighter one on each public route (its own
 * budget, so a flood of anonymous reads cannot use up the partners' share), and CORS only when
 * origins are configured.
 */
export class TrackerApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The base URL of the API, ending in `/`. */
  readonly url: string;
  /** The public routes and their route keys (`GET /indicators`, `$default`), in definition order. */
  readonly publicRoutes: { readonly key: string; readonly route: HttpRoute }[] = [];
  /**
   * The JWT authorizer of the protected routes (bound, so its id is known). Its audience holds the
   * web client here; the organisations function adds the machine clients at run time.
   */
  readonly jwtAuthorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: TrackerApiProps) {
    super(scope, id);
    const { config } = props;
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `jucip-${config.stage}`,
      description: 'Japan-U.S. clean-energy cooperation tracker',
      // The stage is added below, because the automatic one takes no access log or throttling settings.
      createDefaultStage: false,
      ...(config.corsOrigins.length > 0 && {
        corsPreflight: corsPreflight(config.corsOrigins, props.routes),
      }),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });
    this.url = this.stage.url;

    const jwtAuthorizer = new HttpJwtAuthorizer('CognitoJwt', props.jwt.issuerUrl, {
      jwtAudience: [props.jwt.audience],
      identitySource: ['$request.header.Authorization'],
    });
    this.jwtAuthorizer = jwtAuthorizer;
    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    const integrationFor = (functionId: FunctionId): HttpLambdaIntegration => {
      let integration = integrations.get(functionId);
      if (!integration) {
        const handler = props.functions.get(functionId);
        if (!handler) throw new Error(`No function "${functionId}" for the HTTP API`);
        // One invoke permission per function for the whole API instead of one per route: with a
        // growing route table, per-route statements would outgrow Lambda's 20 KB resource policy.
        integration = new HttpLambdaIntegration(`${pascalCase(functionId)}Integration`, handler, {
          scopePermissionToRoute: false,
        });
        integrations.set(functionId, integration);
      }
      return integration;
    };

    for (const route of props.routes) {
      this.addRoute(
        routeConstructId(route),
        HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integrationFor(route.function),
        route.auth === 'jwt'
          ? { authorizer: jwtAuthorizer }
          : {
              publicBecause: `${routeKey(route)} is public by design: the route table marks it auth 'public'.`,
            },
      );
    }
    this.addRoute('DefaultRoute', HttpRouteKey.DEFAULT, integrationFor(fallbackFunctionId), {
      publicBecause:
        'The $default route only answers 404 or 405 for requests no other route matches; it reads no data.',
    });

    // Per-route settings are not in the HttpStage L2; the stage must come after the routes it names.
    const stageResource = this.stage.node.defaultChild as CfnStage;
    stageResource.routeSettings = Object.fromEntries(
      this.publicRoutes.map(({ key }) => [
        key,
        {
          ThrottlingRateLimit: config.publicThrottle.rateLimit,
          ThrottlingBurstLimit: config.publicThrottle.burstLimit,
        },
      ]),
    );
    for (const { route } of this.publicRoutes) stageResource.node.addDependency(route);
  }

  private addRoute(
    id: string,
    key: HttpRouteKey,
    integration: HttpLambdaIntegration,
    access: RouteAccess,
  ): void {
    const route = new HttpRoute(this, id, {
      httpApi: this.httpApi,
      routeKey: key,
      integration,
      // Public routes say so explicitly (AuthorizationType NONE) rather than by omission.
      authorizer: 'authorizer' in access ? access.authorizer : new HttpNoneAuthorizer(),
    });
    if ('publicBecause' in access) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: access.publicBecause });
      this.publicRoutes.push({ key: key.key, route });
    }
  }
}
