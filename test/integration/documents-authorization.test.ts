/**
 * Who may register and read evidence documents, over the real handlers and DynamoDB Local: every
 * caller × accepted/unaccepted project, the expectations written out from the contract. Signing an
 * upload form is computed locally, so no S3 server is needed (the endpoint is never called).
 */
import { describe, expect, it } from 'vitest';
import { handler as writeHandler } from '../../functions/projects-write/handler.ts';
import { localBucketEnvironment } from '../../infra/local/s3-local.ts';
import { httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { aProjectBody, unique } from '../support/project-bodies.ts';
import { registerOrganisation } from '../support/registered-organisations.ts';

Object.assign(process.env, localBucketEnvironment('http://127.0.0.1:9'));
const { handler: documentsWrite } = await import('../../functions/documents-write/handler.ts');
const { handler: documentsRead } = await import('../../functions/documents-read/handler.ts');

type Caller = 'viewer' | 'viewer_own' | 'submitter_own' | 'submitter_other' | 'reviewer' | 'admin';

function claimsOf(caller: Caller, ownOrg: string): Record<string, string> {
  switch (caller) {
    case 'viewer':
      return { sub: 'viewer-1', 'cognito:groups': '[viewer]', 'custom:orgId': unique('viewer-org') };
    case 'viewer_own':
      return { sub: 'viewer-2', 'cognito:groups': '[viewer]', 'custom:orgId': ownOrg };
    case 'submitter_own':
      return { sub: 'owner-1', 'cognito:groups': '[submitter]', 'custom:orgId': ownOrg };
    case 'submitter_other':
      return { sub: 'other-1', 'cognito:groups': '[submitter]', 'custom:orgId': unique('other-org') };
    case 'reviewer':
      return { sub: 'reviewer-1', 'cognito:groups': '[reviewer]' };
    case 'admin':
      return { sub: 'admin-1', 'cognito:groups': '[admin]', 'custom:orgId': 'operators' };
  }
}

/** Expected status as [on an accepted project, on a submitted one]. */
const expected: Record<string, Record<Caller, readonly [number, number]>> = {
  'POST /projects/{id}/documents': {
    viewer: [404, 404],
    viewer_own: [403, 404],
    submitter_own: [201, 201],
    submitter_other: [404, 404],
    reviewer: [403, 403],
    admin: [201, 201],
  },
  'GET /projects/{id}/documents': {
    viewer: [404, 404],
    viewer_own: [200, 404],
    submitter_own: [200, 200],
    submitter_other: [404, 404],
    reviewer: [200, 200],
    admin: [200, 200],
  },
};

async function projectIn(state: 'accepted' | 'submitted', ownOrg: string): Promise<string> {
  await registerOrganisation(ownOrg);
  const created = readResult(
    await writeHandler(
      httpEvent({
        method: 'POST',
        path: '/projects',
        claims: claimsOf('submitter_own', ownOrg),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aProjectBody({ statusEffectiveDate: '2024-01-01' })),
      }),
      lambdaContext(),
    ),
  );
  expect(created.statusCode).toBe(201);
  if (state === 'accepted') {
    const reviewed = await writeHandler(
      httpEvent({
        method: 'POST',
        path: `/projects/${created.json.id}/review`,
        route: '/projects/{id}/review',
        pathParameters: { id: created.json.id },
        claims: { sub: 'setup-reviewer', 'cognito:groups': '[reviewer]' },
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ decision: 'accepted', comment: 'ok' }),
      }),
      lambdaContext(),
    );
    expect(readResult(reviewed).statusCode).toBe(200);
  }
  return created.json.id;
}

const registration = {
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  sizeBytes: 1234,
  sha256: 'a'.repeat(64),
  kind: 'monitoring_report',
};

describe('authorization matrix: evidence documents', () => {
  const cases = Object.entries(expected).flatMap(([route, byCaller]) =>
    (Object.keys(byCaller) as Caller[]).flatMap((caller) =>
      (['accepted', 'submitted'] as const).map(
        (state, i) => [route, caller, state, byCaller[caller][i]] as const,
      ),
    ),
  );

  it.each(cases)('%s as %s on a %s project → %i', async (route, caller, state, status) => {
    const ownOrg = unique('own-org');
    const projectId = await projectIn(state, ownOrg);
    const [method = 'GET', template = '/'] = route.split(' ');
    const event = httpEvent({
      method,
      path: template.replace('{id}', projectId),
      route: template,
      claims: claimsOf(caller, ownOrg),
      pathParameters: { id: projectId },
      ...(method === 'POST'
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(registration) }
        : {}),
    });
    const handler = method === 'POST' ? documentsWrite : documentsRead;

    expect(readResult(await handler(event, lambdaContext())).statusCode).toBe(status);
  });
});
