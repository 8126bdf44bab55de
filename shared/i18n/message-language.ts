/**
 * The language of the request being handled, for code that writes messages deep inside it (zod's
 * error map, `shared/domain/zod-messages.ts`). The HTTP layer runs each request inside
 * {@link withMessageLanguage}; an `AsyncLocalStorage` keeps concurrent requests in one container
 * apart. Outside a request (jobs, tests) the language is English. Kept apart from zod so that
 * functions that parse nothing do not bundle it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from './languages.ts';

const messageLanguage = new AsyncLocalStorage<Language>();

/** Runs `work` with messages in `language` for everything it does (awaited work included). */
export function withMessageLanguage<T>(language: Language, work: () => T): T {
  return messageLanguage.run(language, work);
}

/** The language of the request being handled; English outside one. */
export function currentMessageLanguage(): Language {
  return messageLanguage.getStore() ?? 'en';
}
