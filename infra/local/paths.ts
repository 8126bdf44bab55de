/** Where the local runtime keeps its state: one git-ignored folder at the project root. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The local state folder; `JUCIP_LOCAL_DIR` moves it (tests use throwaway folders). */
export function localStateDir(): string {
  return resolve(process.env.JUCIP_LOCAL_DIR ?? resolve(projectRoot, '.local'));
}
