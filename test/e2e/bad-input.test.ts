import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';

function validBody(): Record<string, unknown> {
  return {
    name: 'Kyushu geothermal partnership',
    summary: 'A joint geothermal project.',
    technology: 'geothermal',
    programs: ['jucip'],
    hostCountry: 'JP',
    participants: [
      { name: 'Example Geothermal KK', country: 'JP', role: 'developer', sharePct: 50 },
      { name: 'Example Drilling Inc', country: 'US', role: 'epc', sharePct: 50 },
    ],
    investments: [
      {
        investorCountry: 'US',
        amount: 5_000_000,
        currency: 'USD',
        committedOn: '2024-03-01',
        instrument: 'equity',
      },
    ],
  };
}

type Mutation = (body: Record<string, unknown>) => unknown;

const participant = (overrides: Record<string, unknown>) => ({
  name: 'P',
  country: 'JP',
  role: 'developer',
  ...overrides,
});
const investment = (overrides: Record<string, unknown>) => ({
  investorCountry: 'US',
  amount: 1000,
  currency: 'USD',
  committedOn: '2024-03-01',
  instrument: 'equity',
  ...overrides,
});

/** [what, mutation of a valid body, expected status, the field an error must name (422 only)]. */
const badBodies: ReadonlyArray<readonly [string, Mutation, number, string]> = [
  ['name of the wrong type', (b) => ({ ...b, name: 123 }), 422, 'name'],
  ['an empty name', (b) => ({ ...b, name: '' }), 422, 'name'],
  ['a name of 201 characters', (b) => ({ ...b, name: 'x'.repeat(201) }), 422, 'name'],
  ['a summary of 2,001 characters', (b) => ({ ...b, summary: 'x'.repeat(2001) }), 422, 'summary'],
  ['an unknown field', (b) => ({ ...b, color: 'green' }), 422, 'color'],
  ['an orgId in the body', (b) => ({ ...b, orgId: 'someone-else' }), 422, 'orgId'],
  ['an unknown technology', (b) => ({ ...b, technology: 'coal' }), 422, 'technology'],
  ['no programs', (b) => ({ ...b, programs: [] }), 422, 'programs'],
  ['a program twice', (b) => ({ ...b, programs: ['jucip', 'jucip'] }), 422, 'programs'],
  ['an unknown program', (b) => ({ ...b, programs: ['marshall_plan'] }), 422, 'programs.0'],
  ['a country that does not exist', (b) => ({ ...b, hostCountry: 'XX' }), 422, 'hostCountry'],
  ['a lower-case country', (b) => ({ ...b, hostCountry: 'jp' }), 422, 'hostCountry'],
  [
    'a subdivision of another country',
    (b) => ({ ...b, location: { subdivision: 'US-TX', accuracy: 'exact' } }),
    422,
    'location.subdivision',
  ],
  [
    'a subdivision that does not exist',
    (b) => ({ ...b, location: { subdivision: 'JP-99', accuracy: 'exact' } }),
    422,
    'location.subdivision',
  ],
  [
    'a latitude without a longitude',
    (b) => ({ ...b, location: { lat: 35, accuracy: 'exact' } }),
    422,
    'location.lon',
  ],
  [
    'a latitude of 91',
    (b) => ({ ...b, location: { lat: 91, lon: 140, accuracy: 'exact' } }),
    422,
    'location.lat',
  ],
  ['one participant', (b) => ({ ...b, participants: [participant({})] }), 422, 'participants'],
  [
    'participants from one country',
    (b) => ({ ...b, participants: [participant({}), participant({ name: 'Q' })] }),
    422,
    'participants',
  ],
  [
    'participants from neither the US nor Japan',
    (b) => ({ ...b, participants: [participant({ country: 'DE' }), participant({ country: 'FR' })] }),
    422,
    'participants',
  ],
  [
    'shares summing to 101',
    (b) => ({
      ...b,
      participants: [participant({ sharePct: 60 }), participant({ country: 'US', sharePct: 41 })],
    }),
    422,
    'participants',
  ],
  [
    'a participant without a country',
    (b) => ({ ...b, participants: [{ name: 'P', role: 'developer' }, participant({ country: 'US' })] }),
    422,
    'participants.0.country',
  ],
  [
    'an unknown participant role',
    (b) => ({ ...b, participants: [participant({ role: 'ceo' }), participant({ country: 'US' })] }),
    422,
    'participants.0.role',
  ],
  ['a capacity of 0', (b) => ({ ...b, capacity: { value: 0, unit: 'MW' } }), 422, 'capacity.value'],
  ['an unknown capacity unit', (b) => ({ ...b, capacity: { value: 5, unit: 'GW' } }), 422, 'capacity.unit'],
  [
    'a negative investment',
    (b) => ({ ...b, investments: [investment({ amount: -5 })] }),
    422,
    'investments.0.amount',
  ],
  [
    'a currency that does not exist',
    (b) => ({ ...b, investments: [investment({ currency: 'ABC' })] }),
    422,
    'investments.0.currency',
  ],
  [
    'a currency with no FX rate for its year',
    (b) => ({ ...b, investments: [investment({ currency: 'CHF' })] }),
    422,
    'investments.0.currency',
  ],
  [
    'a date that is not in the calendar',
    (b) => ({ ...b, investments: [investment({ committedOn: '2024-02-30' })] }),
    422,
    'investments.0.committedOn',
  ],
  [
    'an unknown instrument',
    (b) => ({ ...b, investments: [investment({ instrument: 'loan' })] }),
    422,
    'investments.0.instrument',
  ],
  [
    'a future status effective date',
    (b) => ({ ...b, status: 'construction', statusEffectiveDate: '2999-01-01' }),
    422,
    'statusEffectiveDate',
  ],
  ['an unknown status', (b) => ({ ...b, status: 'planned' }), 422, 'status'],
  [
    'an unknown external-ref system',
    (b) => ({ ...b, externalRefs: [{ system: 'foo', id: '1' }] }),
    422,
    'externalRefs.0.system',
  ],
  [
    'an amount beyond what can be stored exactly',
    (b) => ({ ...b, investments: [investment({ amount: 1e16 })] }),
    422,
    'investments.0.amount',
  ],
  [
    'a latitude too small to store',
    (b) => ({ ...b, location: { lat: 1e-200, lon: 140, accuracy: 'exact' } }),
    422,
    'location.lat',
  ],
  [
    'a date in year 1',
    (b) => ({ ...b, investments: [investment({ committedOn: '0001-01-01' })] }),
    422,
    'investments.0.committedOn',
  ],
  [
    '21 external references',
    (b) => ({ ...b, externalRefs: Array.from({ length: 21 }, (_, i) => ({ system: 'other', id: `R${i}` })) }),
    422,
    'externalRefs',
  ],
  ['an array instead of an object', () => [validBody()], 422, ''],
  ['JSON null', () => null, 422, ''],
];

describe('POST /projects with bad input', () => {
  it.each(badBodies)(
    'refuses %s with a problem naming the field, and writes nothing',
    async (_what, mutate, status, field) => {
      const org = freshOrg('bad');
      const token = await tokenFor(['submitter'], org);
      const response = await call('POST', '/projects', { token, body: mutate(validBody()) });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
      expect(response.json.errors.map((e: { path: string }) => e.path)).toContain(field);
      const reviewer = await tokenFor(['reviewer']);
      expect((await call('GET', `/projects?orgId=${org}`, { token: reviewer })).json.items).toEqual([]);
    },
  );

  it.each([
    [
      'a body over 256 KiB',
      {
        rawBody: JSON.stringify({ name: 'x'.repeat(300 * 1024) }),
        headers: { 'content-type': 'application/json' },
      },
      413,
    ],
    [
      'a body that is not JSON',
      { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } },
      400,
    ],
    ['an empty body', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400],
    [
      'the wrong content type',
      { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
    ],
  ] as const)('refuses %s with %i, and writes nothing', async (_what, request, status) => {
    const org = freshOrg('raw');
    const token = await tokenFor(['submitter'], org);
    const response = await call('POST', '/projects', { token, ...request });
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ status });
    const reviewer = await tokenFor(['reviewer']);
    expect((await call('GET', `/projects?orgId=${org}`, { token: reviewer })).json.items).toEqual([]);
  });
});

describe('changes to an existing project with bad input', () => {
  it('refuses each with the right problem and leaves the project at version 1', async () => {
    const org = freshOrg('badchange');
    const token = await tokenFor(['submitter'], org);
    const created = await call('POST', '/projects', { token, body: validBody() });
    const id = created.json.id as string;
    const ifMatch = { 'if-match': '"1"' };
    const cases: ReadonlyArray<readonly [string, string, Parameters<typeof call>[2], number, string?]> = [
      ['PATCH', `/projects/${id}`, { token, body: { name: 'x' } }, 428],
      ['PATCH', `/projects/${id}`, { token, body: { colour: 'red' }, headers: ifMatch }, 422, 'colour'],
      ['PATCH', `/projects/${id}`, { token, body: { name: null }, headers: ifMatch }, 422, 'name'],
      [
        'PATCH',
        `/projects/${id}`,
        { token, body: { participants: [participant({})] }, headers: ifMatch },
        422,
        'participants',
      ],
      [
        'POST',
        `/projects/${id}/status`,
        { token, body: { status: 'retired', effectiveDate: '2025-01-01' }, headers: ifMatch },
        422,
        'status',
      ],
      [
        'POST',
        `/projects/${id}/status`,
        { token, body: { status: 'fid', effectiveDate: '2999-01-01' }, headers: ifMatch },
        422,
        'effectiveDate',
      ],
      [
        'POST',
        `/projects/${id}/review`,
        { token, body: { decision: 'accepted', comment: 'Mine.' }, headers: ifMatch },
        403,
      ],
      ['GET', `/projects?limit=0`, { token }, 400, 'limit'],
      ['GET', `/projects?technology=coal`, { token }, 400, 'technology'],
      ['GET', `/projects?sort=name`, { token }, 400, 'sort'],
    ];
    for (const [method, path, options, status, field] of cases) {
      const response = await call(method, path, options);
      expect({ method, path, status: response.status }).toEqual({ method, path, status });
      if (field) expect(response.json.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const stored = await call('GET', `/projects/${id}`, { token });
    expect(stored.json.version).toBe(1);
    expect((await call('GET', `/projects/${id}/history`, { token })).json.items).toHaveLength(1);
  });
});
