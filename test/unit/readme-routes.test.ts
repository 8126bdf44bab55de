import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  endMarker,
  readmePath,
  routeTableMarkdown,
  startMarker,
  withRouteTable,
} from '../../infra/readme-routes.ts';
import { routeKey, routes } from '../../shared/routes.ts';

describe("the README's route table", () => {
  it('is the one the route table generates (run `npm run readme:routes` when this fails)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(withRouteTable(readme)).toBe(readme);
  });

  it('lists every route once, with who may call it', () => {
    const table = routeTableMarkdown();
    for (const route of routes) {
      const rows = table.split('\n').filter((row) => row.startsWith(`| \`${routeKey(route)}\` |`));
      expect(rows, routeKey(route)).toHaveLength(1);
      expect(rows[0]).toContain(route.auth === 'public' ? '| anyone |' : '| token');
    }
  });

  it('goes stale when a route changes, and rewrites only the text between the markers', () => {
    const readme = `# Title\n\n${startMarker}\nold table\n${endMarker}\n\n## After\n`;
    const rewritten = withRouteTable(readme);
    expect(rewritten.startsWith(`# Title\n\n${startMarker}\n| route |`)).toBe(true);
    expect(rewritten.endsWith(`${endMarker}\n\n## After\n`)).toBe(true);
    const fewer = withRouteTable(rewritten, routes.slice(1));
    expect(fewer).not.toBe(rewritten);
    expect(withRouteTable(rewritten)).toBe(rewritten);
  });

  it('refuses a README without the markers', () => {
    expect(() => withRouteTable('# No markers\n')).toThrow(/markers/);
  });
});
