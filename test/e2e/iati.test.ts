/** `GET /projects/iati.xml` over HTTP: any signed-in role, the accepted projects as IATI 2.03. */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';
import { aProjectBody } from '../support/project-bodies.ts';

describe('GET /projects/iati.xml', () => {
  it('gives any signed-in role the accepted projects as well-formed IATI 2.03, and refuses the anonymous', async () => {
    const org = freshOrg('iati');
    const submitter = await tokenFor(['submitter'], org, `${org}-owner`);
    const reviewer = await tokenFor(['reviewer'], undefined, 'iati-reviewer');
    const name = `IATI wind ${org}`;
    const created = await call('POST', '/projects', {
      token: submitter,
      body: aProjectBody({
        name,
        investments: [
          {
            investorCountry: 'JP',
            amount: 5_000_000,
            currency: 'JPY',
            committedOn: '2025-01-15',
            instrument: 'equity',
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const notYetAccepted = await call('GET', '/projects/iati.xml', { token: submitter });
    expect(notYetAccepted.text).not.toContain(id);
    expect(
      (
        await call('POST', `/projects/${id}/review`, {
          token: reviewer,
          body: { decision: 'accepted', comment: 'ok' },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(200);

    const viewer = await tokenFor(['viewer'], undefined, 'iati-viewer');
    const file = await call('GET', '/projects/iati.xml', { token: viewer });

    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    expect(XMLValidator.validate(file.text)).toBe(true);
    expect(file.text).toMatch(/<iati-activities version="2\.03"/);
    expect(file.text).toContain(`<iati-identifier>XI-JUCIP-${id}</iati-identifier>`);
    expect(file.text).toContain(`<narrative>${name}</narrative>`);
    expect(file.text).toMatch(/<value currency="JPY" value-date="2025-01-15">5000000<\/value>/);

    expect((await call('GET', '/projects/iati.xml')).status).toBe(401);
  });
});
