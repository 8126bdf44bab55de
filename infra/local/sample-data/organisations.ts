/**
 * SAMPLE partner organisations the local runtime registers on first start: the organisations the
 * sample projects belong to (`projects.ts`). Made up, like everything in this folder: every id
 * starts with "sample-", every name ends with "(sample)", every e-mail address is at
 * `example.org`.
 */
import type { OrganisationInput } from '../../../shared/domain/organisations/schema.ts';
import { fleetOrgId } from './fleet.ts';

export interface SampleOrganisation {
  readonly orgId: string;
  readonly body: OrganisationInput;
}

function sample(
  orgId: string,
  name: string,
  country: string,
  language: 'en' | 'ja',
  desk: string,
): SampleOrganisation {
  return {
    orgId,
    body: {
      name: `${name} (sample)`,
      country,
      language,
      contacts: [
        { email: `${desk}@${orgId}.example.org`, name: 'MRV desk', roles: ['submitter', 'technical'] },
        { email: `finance@${orgId}.example.org`, roles: ['finance'] },
      ],
    },
  };
}

export const sampleOrganisations: readonly SampleOrganisation[] = [
  sample('sample-kanto-offshore', 'Kanto Offshore Wind K.K.', 'JP', 'ja', 'mrv'),
  sample('sample-atlantic-breeze', 'Atlantic Breeze Renewables LLC', 'US', 'en', 'reporting'),
  sample('sample-nihon-hydrogen', 'Nihon Hydrogen Partners K.K.', 'JP', 'ja', 'mrv'),
  sample('sample-caprock-carbon', 'Caprock Carbon Storage Inc.', 'US', 'en', 'reporting'),
  sample('sample-sakura-infra-fund', 'Sakura Infrastructure Fund', 'JP', 'en', 'reporting'),
  sample('sample-beppu-geothermal', 'Beppu Geothermal Co., Ltd.', 'JP', 'ja', 'mrv'),
  sample('sample-pacific-transition-fund', 'Pacific Transition Fund LP', 'US', 'en', 'reporting'),
  // The generated fleet of comparable projects (`fleet.ts`).
  sample(fleetOrgId, 'Fleet Partners Japan-US', 'US', 'en', 'reporting'),
];
