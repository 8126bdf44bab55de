import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventsPagePath, renderEventsSection, updateEventsPage } from '../../../infra/docs/events-page.ts';
import { eventDefinitions, eventTypes } from '../../../shared/domain/events/schema.ts';

describe('docs/events.md', () => {
  it('carries the schemas generated from the event definitions (npm run docs:events when this fails)', () => {
    const page = readFileSync(eventsPagePath, 'utf8');

    expect(updateEventsPage(page)).toBe(page);
  });

  it('documents every event type with its version and the JSON Schema of its envelope', () => {
    const section = renderEventsSection();

    for (const type of eventTypes) {
      expect(section).toContain(`### ${type} (version ${eventDefinitions[type].version})`);
      expect(section).toContain(`"const": "${type}"`);
    }
  });

  it('refuses a page without its generated section', () => {
    expect(() => updateEventsPage('# Domain events\n')).toThrow(/no section/);
  });
});
