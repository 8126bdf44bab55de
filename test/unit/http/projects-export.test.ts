import { describe, expect, it } from 'vitest';
import { templateCapacity } from '../../../shared/domain/projects/export.ts';
import { importColumns } from '../../../shared/domain/projects/import.ts';
import { parseCsv, wantsCsv } from '../../../shared/http/csv.ts';
import { omittedProjectsHeader, projectsCsvResponse } from '../../../shared/http/projects.ts';
import { httpEvent } from '../../support/events.ts';
import { aProject } from '../domain/factories.ts';

const tooManyRefs = Array.from({ length: templateCapacity.externalRefs + 1 }, (_, i) => ({
  system: 'gem' as const,
  id: `G${i}`,
}));

describe('wantsCsv', () => {
  it.each([
    ['format=csv', 'csv', undefined, true],
    ['Accept: text/csv', undefined, 'text/csv', true],
    ['format=json over Accept: text/csv', 'json', 'text/csv', false],
    ['neither', undefined, 'application/json', false],
  ] as const)('answers %s with %s', (_what, format, accept, expected) => {
    const event = httpEvent({ path: '/projects', headers: accept ? { accept } : {} });

    expect(wantsCsv(format, event)).toBe(expected);
  });
});

describe('projectsCsvResponse', () => {
  it('links the next page with the same query, the format and the cursor', () => {
    const event = httpEvent({ path: '/projects', query: { technology: 'hydrogen', limit: '2' } });

    const response = projectsCsvResponse({ items: [aProject()], nextCursor: 'abc' }, event);

    expect(response.headers?.link).toBe(
      '</projects?technology=hydrogen&limit=2&format=csv&cursor=abc>; rel="next"',
    );
  });

  it('gives no link on the last page and no list of omitted projects when none was left out', () => {
    const response = projectsCsvResponse(
      { items: [aProject()], nextCursor: null },
      httpEvent({ path: '/projects' }),
    );

    expect(response.headers?.link).toBeUndefined();
    expect(response.headers?.[omittedProjectsHeader]).toBeUndefined();
    expect(parseCsv(String(response.body)).records).toHaveLength(1);
  });

  it('leaves out a project the template cannot hold, naming it in Omitted-Projects', () => {
    const wide = aProject({ id: '01JXKQ000000000000000000WD', externalRefs: tooManyRefs });
    const narrow = aProject({ id: '01JXKQ000000000000000000NR' });

    const response = projectsCsvResponse(
      { items: [wide, narrow], nextCursor: null },
      httpEvent({ path: '/projects' }),
    );

    expect(response.headers?.[omittedProjectsHeader]).toBe(wide.id);
    const { columns, records } = parseCsv(String(response.body));
    expect(columns).toEqual(importColumns);
    expect(records).toHaveLength(1);
  });
});
