import { builtinModules } from "node:module";
import ts from "typescript";

/** One thing in a source file that ties core to a runtime, a clock, a random source or I/O. */
export interface Impurity {
  readonly line: number;
  readonly what: string;
}

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (specifier: string): boolean => specifier.startsWith("node:") || NODE_BUILTINS.has(specifier);

/** `object.member` reads that give a different answer on every call. */
const NONDETERMINISTIC_MEMBERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Date: { now: "reads the clock" },
  performance: { now: "reads the clock", timeOrigin: "reads the clock" },
  Math: { random: "draws randomness" },
  crypto: { getRandomValues: "draws randomness", randomUUID: "draws randomness", randomBytes: "draws randomness" },
  process: { hrtime: "reads the clock", uptime: "reads the clock" },
};

/** Globals a runtime-agnostic reducer has no business touching, and why. */
const HOST_GLOBALS: Readonly<Record<string, string>> = {
  process: "is a Node global",
  Buffer: "is a Node global",
  require: "is a Node global",
  __dirname: "is a Node global",
  __filename: "is a Node global",
  global: "is a Node global",
  setTimeout: "schedules on the host's clock",
  setInterval: "schedules on the host's clock",
  setImmediate: "schedules on the host's clock",
  fetch: "does I/O",
  XMLHttpRequest: "does I/O",
  WebSocket: "does I/O",
  localStorage: "does I/O",
  indexedDB: "does I/O",
};

/** Names under which code reaches the global object, and so every host global as a member. */
const GLOBAL_OBJECTS = new Set(["globalThis", "window", "self", "global"]);

/** `x`, `(x)`, `x as T`, `<T>x`, `x!`, `x satisfies T`: the expression the wrappers hold. */
const unwrap = (node: ts.Expression): ts.Expression => {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
};

const isGlobalObject = (node: ts.Expression): boolean => {
  const inner = unwrap(node);
  return ts.isIdentifier(inner) && GLOBAL_OBJECTS.has(inner.text);
};

/**
 * True when the identifier names something that exists at run time under that name: not a name
 * being declared, not a member of some other object (`config.process`), not a property key, not
 * a type. What is left is a read of the global itself: `process.env`, `f(process)`, `{ process }`,
 * `typeof process`, `require("x")`.
 */
const isValueReference = (node: ts.Identifier): boolean => {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isQualifiedName(parent) || ts.isTypeReferenceNode(parent) || ts.isTypeQueryNode(parent)) return false;
  if (ts.isBreakOrContinueStatement(parent)) return false;
  // A binding element's name is a new local; reading it off the global object is `globalMemberOf`'s case.
  if (ts.isBindingElement(parent)) return false;
  const named = parent as ts.Node & { readonly name?: ts.Node };
  return !(DECLARES_ITS_NAME.some((is) => is(parent)) && named.name === node);
};

/** Nodes whose `name` is declared, or is a key, rather than read. */
const DECLARES_ITS_NAME: ReadonlyArray<(node: ts.Node) => boolean> = [
  ts.isVariableDeclaration,
  ts.isParameter,
  ts.isFunctionDeclaration,
  ts.isFunctionExpression,
  ts.isClassDeclaration,
  ts.isClassExpression,
  ts.isInterfaceDeclaration,
  ts.isTypeAliasDeclaration,
  ts.isTypeParameterDeclaration,
  ts.isEnumDeclaration,
  ts.isEnumMember,
  ts.isModuleDeclaration,
  ts.isPropertyAssignment,
  ts.isPropertySignature,
  ts.isPropertyDeclaration,
  ts.isMethodDeclaration,
  ts.isMethodSignature,
  ts.isGetAccessorDeclaration,
  ts.isSetAccessorDeclaration,
  ts.isImportSpecifier,
  ts.isImportClause,
  ts.isNamespaceImport,
  ts.isImportEqualsDeclaration,
  ts.isExportSpecifier,
  ts.isLabeledStatement,
];

/** The host global a node reads off the global object: `globalThis.process`, `self["fetch"]`, `const { Buffer } = globalThis`. */
const globalMemberOf = (node: ts.Node): string | undefined => {
  if (ts.isPropertyAccessExpression(node) && isGlobalObject(node.expression)) return node.name.text;
  if (ts.isElementAccessExpression(node) && isGlobalObject(node.expression) && ts.isStringLiteralLike(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && ts.isVariableDeclaration(node.parent.parent)) {
    const initializer = node.parent.parent.initializer;
    const key = node.propertyName ?? node.name;
    if (initializer !== undefined && isGlobalObject(initializer) && (ts.isIdentifier(key) || ts.isStringLiteralLike(key))) return key.text;
  }
  return undefined;
};

const moduleSpecifierOf = (node: ts.Node): ts.Expression | undefined => {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node.moduleSpecifier;
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return node.arguments[0];
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) return node.moduleReference.expression;
  return undefined;
};

/**
 * Walks the syntax tree rather than grepping lines, so comments and strings that merely mention
 * `Date.now()` are not flagged, while `new Date()` without an argument (now) is told apart from
 * `new Date(time)` (a given instant, fine).
 */
export const findImpurities = (fileName: string, text: string): Impurity[] => {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Impurity[] = [];
  const report = (node: ts.Node, what: string): void => {
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });
  };
  const visit = (node: ts.Node): void => {
    const specifier = moduleSpecifierOf(node);
    if (specifier !== undefined && ts.isStringLiteralLike(specifier) && isNodeBuiltin(specifier.text)) {
      report(node, `imports the Node built-in "${specifier.text}"`);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const reason = NONDETERMINISTIC_MEMBERS[node.expression.text]?.[node.name.text];
      if (reason !== undefined) report(node, `${node.expression.text}.${node.name.text} ${reason}`);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date" && !node.arguments?.length) {
      report(node, "new Date() without an argument reads the clock");
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") {
      report(node, "Date() called without new reads the clock");
    }
    if (ts.isIdentifier(node) && Object.hasOwn(HOST_GLOBALS, node.text) && isValueReference(node)) {
      report(node, `${node.text} ${HOST_GLOBALS[node.text]}`);
    }
    const member = globalMemberOf(node);
    if (member !== undefined && Object.hasOwn(HOST_GLOBALS, member)) report(node, `${member} ${HOST_GLOBALS[member]}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

/** The files `tsc -b` compiles into the published package: exactly what must stay pure. */
export const packageSourceFiles = (tsconfigPath: string): string[] => {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error(`Could not read ${tsconfigPath}`);
  return parsed.fileNames;
};
