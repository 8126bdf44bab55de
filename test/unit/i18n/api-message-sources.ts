/**
 * Reads, from the API's source code, every message it can put into a problem document: the
 * literal arguments of the typed errors, `message`/`error` properties (field errors, zod custom
 * issues and options), zod checks given a message, variables or parameters named `message`, and
 * every text in a function whose name ends in `Message`.
 * A template literal stands for the messages it can make: each `${...}` becomes a hole that the
 * catalogue's `{name}` must cover. Used by `catalogue.test.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A message the code can raise: where it is and an example of it (holes filled with `⟨n⟩`). */
export interface SourceMessage {
  readonly where: string;
  readonly example: string;
}

const errorClasses =
  /^(ValidationError|MalformedInputError|NotFoundError|ForbiddenError|UnauthenticatedError|VersionConflictError|VersionRequiredError|ConflictError|DependencyUnavailableError|PayloadTooLargeError|UnsupportedMediaTypeError|MethodNotAllowedError|RouteNotFoundError)$/;

/** zod checks whose string argument is the message of the issue they raise. */
const zodChecks =
  /^z\.(refine|regex|lte|lt|gte|gt|positive|negative|nonnegative|minLength|maxLength|length|url|email|date|iso\.\w+)$/;

function exampleOf(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return [
      node.head.text,
      ...node.templateSpans.map((span, index) => `⟨${index + 1}⟩${span.literal.text}`),
    ].join('');
  }
  return undefined;
}

/** The messages of one source file. */
export function messagesOf(source: string, fileName: string): SourceMessage[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: SourceMessage[] = [];
  const add = (node: ts.Node) => {
    const example = exampleOf(node);
    if (example !== undefined && /[A-Za-z]{2,}\s+[A-Za-z]/.test(example)) {
      const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ where: `${fileName}:${line}`, example });
    }
  };
  const addAll = (node: ts.Node): void => {
    add(node);
    ts.forEachChild(node, addAll);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && /Message$/.test(node.name?.getText() ?? '')) {
      // A function that builds a message (`transitionMessage`): every text in it is one.
      addAll(node);
      return;
    }
    if (ts.isNewExpression(node) && errorClasses.test(node.expression.getText())) {
      for (const argument of node.arguments ?? []) add(argument);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const inErrorClass = ts.findAncestor(node, ts.isClassDeclaration)?.name?.getText() ?? '';
      if (errorClasses.test(inErrorClass)) for (const argument of node.arguments) add(argument);
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
  return files.flatMap((path) => messagesOf(readFileSync(path, 'utf8'), relative(root, path)));
}
