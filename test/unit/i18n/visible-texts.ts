/**
 * Finds texts written outside the catalogue in the dashboard's sources: string and template
 * literals in TypeScript that read like words for a person, and text or labelling attributes in the
 * HTML template that are not `{{t:key}}` placeholders. Used by `dashboard-texts.test.ts`.
 */
import ts from 'typescript';

/** Where a suspicious literal is, and what it says. */
export interface FoundText {
  readonly line: number;
  readonly text: string;
}

/**
 * Words for a person: two words separated by a space, a capitalised word ("Period"), or any
 * non-ASCII letter (Japanese written in code instead of the catalogue). Identifiers, keys, CSS
 * selectors, media types and codes ("USD", "horizontal-bar", "dashboard.card.investment") are not.
 */
export function readsLikeWords(text: string): boolean {
  return (
    /[A-Za-z]{2,}[ \u00a0]+[A-Za-z]{2,}/.test(text) ||
    /(^|[^\w.-])[A-Z][a-z]{2,}/.test(text) ||
    /[^\p{ASCII}₂→·…–—−]/u.test(text)
  );
}

/** Whether a node is (inside) the argument list of `new SomethingError(...)`, `super(...)` or a `throw`. */
function isDeveloperMessage(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isThrowStatement(current)) return true;
    if (ts.isNewExpression(current) && /Error$/.test(current.expression.getText())) return true;
    if (ts.isCallExpression(current) && current.expression.kind === ts.SyntaxKind.SuperKeyword) return true;
    if (ts.isBlock(current) || ts.isSourceFile(current)) return false;
  }
  return false;
}

/** Whether a literal is a module specifier or a type (neither reaches the page). */
function isStructural(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    ts.isImportDeclaration(parent) ||
    ts.isExportDeclaration(parent) ||
    ts.isLiteralTypeNode(parent) ||
    ts.isImportTypeNode(parent.parent ?? parent)
  );
}

/** The literals of a TypeScript source that read like words for a person, outside developer messages. */
export function visibleLiterals(source: string, fileName = 'source.ts'): FoundText[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: FoundText[] = [];
  const report = (node: ts.Node, text: string) => {
    if (!readsLikeWords(text) || isStructural(node) || isDeveloperMessage(node)) return;
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) report(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      report(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Attributes whose value a person reads or hears. */
const labellingAttributes = ['aria-label', 'title', 'alt', 'placeholder', 'content'];

/** Text and labelling attributes of an HTML template that are not catalogue placeholders. */
export function visibleHtmlTexts(html: string): FoundText[] {
  const found: FoundText[] = [];
  const lineOf = (index: number) => html.slice(0, index).split('\n').length;
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  for (const match of withoutComments.matchAll(/>([^<]+)</g)) {
    const text = (match[1] ?? '').replace(/\{\{t:[\w.]+\}\}/g, '').trim();
    // Punctuation between elements (a middle dot) is not a text to translate.
    if (/[\p{L}\p{N}]/u.test(text)) found.push({ line: lineOf(match.index ?? 0), text });
  }
  for (const attribute of labellingAttributes) {
    for (const match of withoutComments.matchAll(new RegExp(`\\s${attribute}="([^"]*)"`, 'g'))) {
      const value = match[1] ?? '';
      const isPlaceholder = /^\{\{t:[\w.]+\}\}$/.test(value);
      const isTechnical = attribute === 'content' && /^(width=|utf-8)/.test(value);
      if (!isPlaceholder && !isTechnical && /\p{L}/u.test(value))
        found.push({ line: lineOf(match.index ?? 0), text: `${attribute}="${value}"` });
    }
  }
  return found;
}
