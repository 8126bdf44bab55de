/** Examples of the organisation and machine-client bodies for the OpenAPI document. */
import type {
  CreatedMachineClient,
  MachineClient,
  MachineClientInput,
  Organisation,
  OrganisationInput,
} from '../../domain/organisations/schema.ts';

export const organisationInputExample: OrganisationInput = {
  name: 'Kanto Offshore Wind K.K.',
  country: 'JP',
  contacts: [
    { email: 'mrv@kanto-offshore.example', name: 'MRV desk', roles: ['submitter', 'technical'] },
    { email: 'finance@kanto-offshore.example', roles: ['finance'] },
  ],
  language: 'ja',
};

export const organisationExample: Organisation = {
  orgId: 'kanto-offshore',
  ...organisationInputExample,
  createdAt: '2026-11-02T08:15:00.000Z',
  updatedAt: '2026-11-20T01:30:00.000Z',
  version: 2,
};

export const machineClientInputExample: MachineClientInput = {
  name: 'Kanto ERP monthly export',
  scopes: ['tracker/projects.write', 'tracker/metrics.write', 'tracker/read'],
};

export const machineClientExample: MachineClient = {
  clientId: '4m1v6q2k9s3b7n0c5x8z1r4t6y',
  orgId: organisationExample.orgId,
  ...machineClientInputExample,
  createdAt: '2026-11-21T02:00:00.000Z',
  createdBy: 'admin-7f3c',
};

export const createdMachineClientExample: CreatedMachineClient = {
  ...machineClientExample,
  clientSecret: 'shown-once-3QxV0m9kq1dZs7Lr2hYt8wNc5bFj4uPa',
  tokenUrl: 'https://jucip-prod-123456789012.auth.ap-northeast-1.amazoncognito.com/oauth2/token',
};
