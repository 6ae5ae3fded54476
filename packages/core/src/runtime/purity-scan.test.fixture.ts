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

/** True when `node` is the thing being used (`x.y`, `x[y]`, `x()`, `new x`), not a name being declared or read off. */
const isUsedAsValue = (node: ts.Identifier): boolean => {
  const parent = node.parent;
  return (
    ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) ||
    ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === node) ||
    ts.isTypeOfExpression(parent)
  );
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
    if (ts.isIdentifier(node) && isUsedAsValue(node) && Object.hasOwn(HOST_GLOBALS, node.text)) {
      report(node, `${node.text} ${HOST_GLOBALS[node.text]}`);
    }
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
