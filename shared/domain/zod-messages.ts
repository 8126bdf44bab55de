/**
 * zod's English messages for the schemas, which use `zod/mini`: unlike `zod` (classic), `zod/mini`
 * installs no locale, and its messages would otherwise all read "Invalid input". Every module that
 * defines a schema imports this one, so the messages are set before anything is parsed.
 *
 * Why `zod/mini`: it is the same zod 4 core (the same checks, issues, messages and
 * `z.toJSONSchema`), but functional, so a bundle holds only the parts the schemas use, and building
 * a schema does not attach the ~50 methods classic puts on every instance. With the classic API the
 * validating functions' cold starts were about 1.5–2× those of a bare DynamoDB client (issue 8).
 */
// One locale, imported by name: `z.locales` would bring every language into the bundle.
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
