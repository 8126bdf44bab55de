import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../../shared/domain/events/schema.ts';
import { placeholdersOf } from '../../../shared/i18n/catalogue.ts';
import { escapeHtml, mailCatalogues, renderMail, titleOf } from '../../../shared/i18n/mail.ts';
import { aDomainEvent, aProjectRef, oneOfEach } from '../../support/domain-event-factories.ts';

const context = (language: 'en' | 'ja') => ({
  language,
  recipient: 'Tanaka Taro',
  orgName: 'Kansai Solar',
  baseUrl: 'https://tracker.example.org',
  link: '/projects/01KBN3Q6Z1W8V2M4T6X8B0C2D4',
});

describe('notification mail catalogues', () => {
  it('have a subject and a body for every event type', () => {
    for (const type of eventTypes) {
      expect(mailCatalogues.en).toHaveProperty(`mail.${type}.subject`);
      expect(mailCatalogues.en).toHaveProperty(`mail.${type}.body`);
    }
  });

  it('give Japanese the same keys and the same placeholders as English', () => {
    expect(Object.keys(mailCatalogues.ja).sort()).toEqual(Object.keys(mailCatalogues.en).sort());
    for (const [key, english] of Object.entries(mailCatalogues.en)) {
      expect([key, placeholdersOf(mailCatalogues.ja[key as keyof typeof mailCatalogues.ja])]).toEqual([
        key,
        placeholdersOf(english),
      ]);
    }
  });
});

describe('renderMail', () => {
  it.each(['en', 'ja'] as const)(
    'renders every event in %s as text and HTML with its values and no leftover placeholder',
    (language) => {
      for (const event of oneOfEach('org-kansai')) {
        const mail = renderMail(event, context(language));

        for (const output of [mail.subject, mail.text, mail.html]) expect(output).not.toMatch(/[{}]/);
        expect(mail.subject).toBe(titleOf(event, language));
        expect(mail.text).toContain('Kansai Solar');
        expect(mail.text).toContain('https://tracker.example.org/projects/01KBN3Q6Z1W8V2M4T6X8B0C2D4');
        expect(mail.html).toContain(`<html lang="${language}">`);
        expect(mail.html).toContain(
          '<a href="https://tracker.example.org/projects/01KBN3Q6Z1W8V2M4T6X8B0C2D4">',
        );
        if ('period' in event.detail) expect(mail.text).toContain(event.detail.period);
      }
    },
  );

  it('words a decision in the organisation’s language', () => {
    const event = aDomainEvent('ProjectReviewed', {
      ...aProjectRef('org-kansai'),
      projectVersion: 2,
      decision: 'changes_requested',
      comment: 'Please attach the interconnection agreement.',
    });

    const en = renderMail(event, context('en'));
    const ja = renderMail(event, context('ja'));

    expect(en.subject).toBe('Changes requested on your project: 01KBN3Q6Z1W8V2M4T6X8B0C2D4');
    expect(en.text).toContain('Hello Tanaka Taro,');
    expect(en.text).toContain('changes are requested before it can be accepted.');
    expect(en.text).toContain('Reviewer’s comment: Please attach the interconnection agreement.');
    expect(ja.subject).toBe('プロジェクトの修正が求められています：01KBN3Q6Z1W8V2M4T6X8B0C2D4');
    expect(ja.text).toContain('Tanaka Taro 様');
    expect(ja.text).toContain('承認の前に修正が求められています。');
    expect(ja.html).toContain('審査者のコメント：Please attach the interconnection agreement.');
  });

  it('escapes what submitters typed in the HTML body, and keeps it as typed in the text body', () => {
    const event = aDomainEvent('DocumentRejected', {
      ...aProjectRef('org-kansai'),
      documentId: '01KBN3Q6Z1W8V2M4T6X8B0C2D5',
      fileName: '<img src=x onerror=alert(1)>&"meter".csv',
      reason: 'type_mismatch',
    });

    const mail = renderMail(event, { ...context('en'), recipient: '<b>Eve</b>' });

    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>Eve');
    expect(mail.html).toContain(escapeHtml('<img src=x onerror=alert(1)>&"meter".csv'));
    expect(mail.html).toContain('&#60;b&#62;Eve&#60;/b&#62;');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>&"meter".csv');
    expect(mail.text).toContain('its content is not of the type declared');
  });

  it('tells the second reminder apart from the first', () => {
    const first = aDomainEvent('ReportDue', {
      ...aProjectRef('o'),
      period: '2026-10',
      dueOn: '2026-11-15',
      reminder: 1,
    });
    const second = aDomainEvent('ReportDue', {
      ...aProjectRef('o'),
      period: '2026-10',
      dueOn: '2026-11-15',
      reminder: 2,
    });

    expect(titleOf(first, 'en')).toMatch(/^Reminder: /);
    expect(titleOf(second, 'en')).toMatch(/^Second reminder: /);
    expect(titleOf(second, 'ja')).toMatch(/^再度のお知らせ：/);
  });

  it('gives the API path when no base URL is configured', () => {
    const event = aDomainEvent('ReportVerified', { ...aProjectRef('o'), period: '2026-10', revision: 1 });

    const mail = renderMail(event, {
      ...context('en'),
      baseUrl: undefined,
      link: '/projects/X/metrics/2026-10',
    });

    expect(mail.text).toContain('Open it in the tracker: /projects/X/metrics/2026-10');
  });
});
