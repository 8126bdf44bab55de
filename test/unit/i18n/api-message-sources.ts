/**
 * Reads, from the API's source code, every message it can put into a problem document: the
 * literal arguments of the typed errors (every class that extends `Error`, found in the code, not
 * listed here), `message`/`error` properties (field errors, zod custom issues and options), zod
 * checks given a message, variables or parameters named `message`, and every text in a function
 * whose name ends in `Message`.
 * A template literal stands for the messages it can make: each `${...}` becomes a hole that the
 * catalogue's `{name}` must cover. A value chosen with `c ? a : b`, `??`, `||` or `&&` stands for
 * each branch; a `+` concatenation for the whole text, its non-text operands holes.
 * Used by `catalogue.test.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A message the code can raise: where it is and an example of it (holes filled with `⟨n⟩`). */
export interface SourceMessage {
  readonly where: string;
  readonly example: string;
}

/** zod checks whose string argument is the message of the issue they raise. */
const zodChecks =
  /^z\.(refine|regex|lte|lt|gte|gt|positive|negative|nonnegative|minLength|maxLength|length|url|email|date|iso\.\w+)$/;

/** A piece of a message: fixed text, or a hole where the code puts a value. */
type Piece = string | { readonly hole: true };
const hole: Piece = { hole: true };

/** A string concatenation (`'a' + b + `c${d}``) as its operands, left to right. */
function concatenated(node: ts.Expression): ts.Expression[] {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return [...concatenated(node.left), ...concatenated(node.right)];
  if (ts.isParenthesizedExpression(node)) {
    const inner = concatenated(node.expression);
    if (inner.length > 1) return inner;
  }
  return [node];
}

function piecesOf(node: ts.Node): Piece[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.flatMap((span) => [hole, span.literal.text])];
  }
  return undefined;
}

/**
 * The messages an expression can evaluate to: a literal or template, each branch of `c ? a : b`,
 * both sides of `??`, `||` and `&&`, and a `+` concatenation with any text in it (the operands that
 * are not text become holes), looking through parentheses and type assertions.
 */
function examplesOf(node: ts.Node): string[] {
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node)
  )
    return examplesOf(node.expression);
  if (ts.isConditionalExpression(node)) return [...examplesOf(node.whenTrue), ...examplesOf(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.AmpersandAmpersandToken
    )
      return [...examplesOf(node.left), ...examplesOf(node.right)];
    if (operator === ts.SyntaxKind.PlusToken) {
      const operands = concatenated(node).map((operand) => piecesOf(operand));
      if (operands.every((pieces) => pieces === undefined)) return [];
      return [render(operands.flatMap((pieces) => pieces ?? [hole]))];
    }
  }
  const pieces = piecesOf(node);
  return pieces ? [render(pieces)] : [];
}

/** Pieces as an example message, the holes numbered `⟨1⟩`, `⟨2⟩`, ... */
function render(pieces: readonly Piece[]): string {
  let holes = 0;
  return pieces.map((piece) => (typeof piece === 'string' ? piece : `⟨${++holes}⟩`)).join('');
}

/**
 * The error classes whose constructor arguments are messages: every class that extends `Error`, or
 * (transitively) one of those, in these sources (`shared/domain/errors.ts`, `shared/http/errors.ts`
 * and whatever else the scan reads), so a new error class is covered without being listed here.
 */
export function errorClassesOf(sources: readonly { source: string; fileName: string }[]): Set<string> {
  const extendsOf = new Map<string, string>();
  for (const { source, fileName } of sources) {
    const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) {
        const base = node.heritageClauses
          ?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
          ?.types[0]?.expression.getText();
        if (base) extendsOf.set(node.name.text, base);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const classes = new Set<string>();
  const isError = (name: string, seen: Set<string>): boolean => {
    if (name === 'Error' || classes.has(name)) return true;
    const base = extendsOf.get(name);
    if (base === undefined || seen.has(name)) return false;
    seen.add(name);
    return isError(base, seen);
  };
  for (const name of extendsOf.keys()) if (isError(name, new Set())) classes.add(name);
  return classes;
}

/** The messages of one source file. */
export function messagesOf(
  source: string,
  fileName: string,
  errorClasses: ReadonlySet<string>,
): SourceMessage[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: SourceMessage[] = [];
  const add = (node: ts.Node, examples = examplesOf(node)) => {
    for (const example of examples) {
      if (!/[A-Za-z]{2,}\s+[A-Za-z]/.test(example)) continue;
      const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ where: `${fileName}:${line}`, example });
    }
  };
  // Every literal on its own: the expressions around them are walked into anyway.
  const addAll = (node: ts.Node): void => {
    const pieces = piecesOf(node);
    if (pieces) add(node, [render(pieces)]);
    ts.forEachChild(node, addAll);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && /Message$/.test(node.name?.getText() ?? '')) {
      // A function that builds a message (`transitionMessage`): every text in it is one.
      addAll(node);
      return;
    }
    if (ts.isNewExpression(node) && errorClasses.has(node.expression.getText())) {
      for (const argument of node.arguments ?? []) add(argument);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const inErrorClass = ts.findAncestor(node, ts.isClassDeclaration)?.name?.getText() ?? '';
      if (errorClasses.has(inErrorClass)) for (const argument of node.arguments) add(argument);
    } else if (ts.isCallExpression(node) && zodChecks.test(node.expression.getText())) {
      for (const argument of node.arguments) add(argument);
    } else if (
      ts.isPropertyAssignment(node) &&
      (node.name.getText() === 'message' || node.name.getText() === 'error')
    ) {
      add(node.initializer);
    } else if (
      (ts.isVariableDeclaration(node) || ts.isParameter(node)) &&
      node.name.getText() === 'message' &&
      node.initializer
    ) {
      add(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Folders whose code never writes a problem document's texts (pages, OpenAPI descriptions, the catalogue). */
const skipped = ['functions/web/dashboard', 'functions/web/docs', 'shared/http/openapi', 'shared/i18n'];

/** The messages of every TypeScript file under `shared/` and `functions/` of the project at `root`. */
export function apiMessages(root: string): SourceMessage[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const relativePath = relative(root, path);
      if (skipped.some((prefix) => relativePath.startsWith(prefix))) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(root, 'shared'));
  walk(join(root, 'functions'));
  const sources = files.map((path) => ({
    source: readFileSync(path, 'utf8'),
    fileName: relative(root, path),
  }));
  const errorClasses = errorClassesOf(sources);
  return sources.flatMap(({ source, fileName }) => messagesOf(source, fileName, errorClasses));
}
