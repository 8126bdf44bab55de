/**
 * Evidence documents through the local runtime over HTTP: registration, the browser-style upload to
 * the local S3-compatible server the runtime started, the arrival check its object events trigger,
 * the download link, and who may see what.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { call, freshOrg, tokenFor } from '../support/api-client.ts';
import { sampleFiles, sha256Hex, windowsExecutable } from '../support/evidence-files.ts';

const projectBody = {
  name: 'Hokkaido offshore wind',
  summary: 'Fixed-bottom offshore wind off Hokkaido.',
  technology: 'wind_offshore',
  programs: ['jucip'],
  hostCountry: 'JP',
  participants: [
    { name: 'Kanto Offshore Wind Partners KK', country: 'JP', role: 'developer' },
    { name: 'Atlantic Breeze Renewables LLC', country: 'US', role: 'developer' },
  ],
  investments: [],
  status: 'operating',
  statusEffectiveDate: '2025-04-01',
};

async function aProjectOf(token: string): Promise<string> {
  const created = await call('POST', '/projects', { token, body: projectBody });
  expect(created.status).toBe(201);
  return created.json.id;
}

async function registered(token: string, projectId: string, bytes: Buffer, contentType = 'application/pdf') {
  const response = await call('POST', `/projects/${projectId}/documents`, {
    token,
    body: {
      fileName: 'evidence.pdf',
      contentType,
      sizeBytes: bytes.length,
      sha256: sha256Hex(bytes),
      kind: 'monitoring_report',
    },
  });
  expect(response.status).toBe(201);
  return response.json;
}

/** The multipart POST a browser (or `curl -F`) sends to the upload form. */
async function upload(form: { url: string; fields: Record<string, string> }, bytes: Buffer): Promise<number> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([bytes]));
  return (await fetch(form.url, { method: 'POST', body })).status;
}

async function decided(token: string, projectId: string, documentId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const read = await call('GET', `/projects/${projectId}/documents/${documentId}`, { token });
    if (read.json.state !== 'pending') return read;
    await sleep(100);
  }
  throw new Error('The document stayed pending');
}

describe('POST /projects/{id}/documents, the upload and GET /projects/{id}/documents/{docId}', () => {
  it('makes an uploaded file available and downloadable, byte for byte, through a 5-minute link', async () => {
    const token = await tokenFor(['submitter'], freshOrg('docs'));
    const projectId = await aProjectOf(token);
    const bytes = sampleFiles['application/pdf'];
    const registration = await registered(token, projectId, bytes);

    expect(registration).toMatchObject({
      state: 'pending',
      upload: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/) },
    });
    expect(registration.upload.fields.key).toBe(`documents/${projectId}/${registration.id}`);
    expect(await upload(registration.upload, bytes)).toBe(204);

    const read = await decided(token, projectId, registration.id);
    expect(read.json.state).toBe('available');
    expect(read.headers.get('cache-control')).toBe('private, no-store');
    expect(Date.parse(read.json.download.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const download = await fetch(read.json.download.url);
    expect(download.headers.get('content-disposition')).toContain('evidence.pdf');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
  });

  it('rejects an executable sent as a PDF and removes it', async () => {
    const token = await tokenFor(['submitter'], freshOrg('docs'));
    const projectId = await aProjectOf(token);
    const registration = await registered(token, projectId, windowsExecutable);

    await upload(registration.upload, windowsExecutable);

    const read = await decided(token, projectId, registration.id);
    expect(read.json.state).toBe('rejected');
    expect(read.json.rejection.reason).toBe('type_mismatch');
    expect(read.json.download).toBeUndefined();
  });

  it('answers 422 naming the field for a type outside the list', async () => {
    const token = await tokenFor(['submitter'], freshOrg('docs'));
    const projectId = await aProjectOf(token);

    const response = await call('POST', `/projects/${projectId}/documents`, {
      token,
      body: {
        fileName: 'a.exe',
        contentType: 'application/x-msdownload',
        sizeBytes: 10,
        sha256: 'a'.repeat(64),
        kind: 'other',
      },
    });

    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([expect.objectContaining({ path: 'contentType' })]);
  });

  it('answers 404 to a viewer and to another organisation, 200 to a reviewer', async () => {
    const org = freshOrg('docs');
    const token = await tokenFor(['submitter'], org);
    const projectId = await aProjectOf(token);
    const registration = await registered(token, projectId, sampleFiles['application/pdf']);
    const path = `/projects/${projectId}/documents/${registration.id}`;

    expect((await call('GET', path, { token: await tokenFor(['viewer'], freshOrg('other')) })).status).toBe(
      404,
    );
    expect(
      (await call('GET', path, { token: await tokenFor(['submitter'], freshOrg('other')) })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/projects/${projectId}/documents`, { token: await tokenFor(['reviewer']) })).status,
    ).toBe(200);
  });
});
