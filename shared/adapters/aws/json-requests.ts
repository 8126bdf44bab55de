/**
 * The two JSON protocols of the services the tracker calls through `AwsService`
 * (`docs/aws-calls.md`): awsJson 1.0/1.1 (Step Functions, Cognito), one `POST /` that names the
 * operation in `X-Amz-Target`, and REST-JSON (Lambda, SES v2, API Gateway v2), the operation in the
 * method and path. Members go on the wire in the order of the SDK's schemas, so that a body is
 * byte for byte what the SDK would send (`test/unit/adapters/aws/json-requests.test.ts`).
 */
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import type { AwsRequest, AwsResponse } from './signed-request.ts';

/** An awsJson request: `target` is `<service's target prefix>.<operation>`. */
export function jsonRpcRequest(version: '1.0' | '1.1', target: string, input: object): AwsRequest {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    body: JSON.stringify(input),
  };
}

/** A REST-JSON request whose members are all in the body (the path's labels already in `path`). */
export function restJsonRequest(method: AwsRequest['method'], path: string, input: object): AwsRequest {
  return { method, path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) };
}

/** A path label (`{FunctionName}`, `{ApiId}`) encoded as the SDK encodes it. */
export const pathLabel: (value: string) => string = extendedEncodeURIComponent;

/** A response's JSON body; an empty body is an empty object, as the SDK reads it. */
export function jsonBody<T>(response: AwsResponse): Partial<T> {
  const text = response.body.toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as Partial<T>);
}
