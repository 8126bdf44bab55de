/**
 * zod's messages for the schemas, which use `zod/mini`: unlike `zod` (classic), `zod/mini`
 * installs no locale, and its messages would otherwise all read "Invalid input". Every module that
 * defines a schema imports this one, so the messages are set before anything is parsed.
 *
 * The language is the request's: the HTTP layer runs each request inside `withMessageLanguage`
 * (`shared/i18n/message-language.ts`), and the one error map installed here asks which language the
 * current request wants (an `AsyncLocalStorage`, so concurrent requests in one container never see
 * each other's). Outside a request (jobs, tests) the messages are English. Messages a schema sets
 * itself stay English here and are translated from the catalogue when the problem is written
 * (`shared/i18n/api-messages.ts`).
 *
 * Why `zod/mini`: it is the same zod 4 core (the same checks, issues, messages and
 * `z.toJSONSchema`), but functional, so a bundle holds only the parts the schemas use, and building
 * a schema does not attach the ~50 methods classic puts on every instance. With the classic API the
 * validating functions' cold starts were about 1.5–2× those of a bare DynamoDB client (issue 8).
 */
// Locales imported by name: `z.locales` would bring every language into the bundle.
import { en, ja } from 'zod/locales';
import * as z from 'zod/mini';
import type { Language } from '../i18n/languages.ts';
import { currentMessageLanguage } from '../i18n/message-language.ts';
import { built } from './pure.ts';

const errorMaps: Readonly<Record<Language, z.core.$ZodErrorMap>> = /* @__PURE__ */ built(() => ({
  en: en().localeError,
  ja: ja().localeError,
}));

z.config({ localeError: (issue) => errorMaps[currentMessageLanguage()](issue) });
