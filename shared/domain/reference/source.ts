/**
 * Where figures come from: the https URLs that evidence and reference data point to, and the
 * `source` of a reference record. Shared by emission factors, FX rates and metric reports.
 */
import * as z from 'zod/mini';
import { built } from '../pure.ts';
import '../zod-messages.ts';

const httpsUrlMessage = 'Must be an https:// URL to a public host name (e.g. https://www.env.go.jp/...)';

/**
 * An absolute `https://` URL to a named host, at most 2,000 characters. Plain http is refused (the
 * evidence behind public figures should not be alterable in transit), and so are IP addresses and
 * single-label hosts such as `localhost`, which no reader outside could open.
 */
export const httpsUrlSchema = /* @__PURE__ */ built(() =>
  // `httpUrl` checks the host against zod's domain pattern; `z.regexes.domain` would bring all of
  // zod's patterns into the bundle (7 KB). It takes http too, which the refinement below refuses.
  z.httpUrl({ error: httpsUrlMessage }).check(
    z.maxLength(2000),
    // Only https, and in the form people write: `new URL` also reads `https:example.org` as
    // https://example.org/. Only once the URL check passed, so that a bad URL gets one message.
    z.refine((url) => url.startsWith('https://'), {
      error: httpsUrlMessage,
      when: (payload) => payload.issues.length === 0,
    }),
  ),
);

/** The publication a reference figure is taken from: its title, and where to read it. */
export const sourceTitleSchema = /* @__PURE__ */ built(() =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
);
