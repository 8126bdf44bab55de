/**
 * `GET /projects/iati.xml`: the accepted projects as an IATI 2.03 activity file (`docs/iati.md`).
 * Apart from the other project reads because it alone carries an XML writer.
 */
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { iatiEnvironment, tableName } from '../../shared/config/env.ts';
import { IatiExport, type IatiReportingOrg } from '../../shared/domain/projects/iati/activities.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { principalOf } from '../../shared/http/principal.ts';

/**
 * The organisation the IATI file names as its publisher: `IATI_REPORTING_ORG_REF` (its IATI
 * organisation identifier), `IATI_REPORTING_ORG_NAME` and `IATI_REPORTING_ORG_TYPE` (an
 * OrganisationType code). The defaults suit a trial; a deployment that publishes to the IATI
 * Registry sets its own registered identifier (`docs/iati.md`).
 */
function reportingOrgFromEnvironment(): IatiReportingOrg {
  const value = (name: string, fallback: string) => {
    const set = process.env[name];
    return set === undefined || set === '' ? fallback : set;
  };
  return {
    ref: value(iatiEnvironment.reportingOrgRef, 'XI-JUCIP'),
    name: value(iatiEnvironment.reportingOrgName, 'JUCIP clean-energy cooperation tracker'),
    type: value(iatiEnvironment.reportingOrgType, '15'),
  };
}

const iati = new IatiExport({
  projects: new DynamoProjectReads(documentClient, tableName('projects')),
  reportingOrg: reportingOrgFromEnvironment(),
  now,
});

export const handler = httpHandler(
  {
    'GET /projects/iati.xml': async ({ event }) => {
      const chunks: string[] = [];
      await iati.write(principalOf(event), (chunk) => chunks.push(chunk));
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/xml; charset=utf-8' },
        body: chunks.join(''),
      };
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
