import { createHash } from 'node:crypto';
import type * as TS from 'typescript';
import type { JsLanguage, RunKind } from '../sandbox-types.js';

/** The code turned into one script that hands its entry function to the sandbox's prelude. */
export interface TransformedSource {
  readonly ok: true;
  /** script text: `__refinery_install(function (__knowledge) {<code>\nreturn <entry>;\n});` */
  readonly script: string;
  readonly entry: string;
  /** lookup lists the code imports from `knowledge` (checked against the run's lists) */
  readonly importedLists: readonly string[];
  /** lines of the (transpiled) user code, for error positions */
  readonly userLines: number;
  /** key of this transform, for per-isolate script caches */
  readonly hash: string;
}

export interface SourceError {
  readonly ok: false;
  readonly message: string;
}

export const INSTALL_HOOK = '__refinery_install';
export const USER_FILENAME = 'file:///user-code.js';

type TypeScriptApi = typeof TS;
let tsApi: Promise<TypeScriptApi> | undefined;
/** TypeScript is big (~0.5 s to load): loaded once, on the first code to transform. */
function typescript(): Promise<TypeScriptApi> {
  tsApi ??= import('typescript').then((m) => (m as unknown as { default: TypeScriptApi }).default ?? (m as unknown as TypeScriptApi));
  return tsApi;
}

const CACHE_LIMIT = 256;
const cache = new Map<string, TransformedSource | SourceError>();

function remember(key: string, value: TransformedSource | SourceError): TransformedSource | SourceError {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function lineOf(ts: TypeScriptApi, sf: TS.SourceFile, pos: number): number {
  return ts.getLineAndCharacterOfPosition(sf, pos).line + 1;
}

/** Replaces `[start, end)` keeping the number of lines, so error line numbers stay right. */
function padLines(original: string, replacement: string): string {
  const lines = original.split('\n').length - 1;
  return replacement + '\n'.repeat(lines);
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function transpileTypeScript(ts: TypeScriptApi, code: string): string | SourceError {
  const out = ts.transpileModule(code, {
    reportDiagnostics: true,
    fileName: 'user-code.ts',
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      sourceMap: false,
      removeComments: false,
      verbatimModuleSyntax: false,
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const d = errors[0] as TS.Diagnostic;
    const where = d.file && d.start !== undefined ? `line ${lineOf(ts, d.file, d.start)}: ` : '';
    return { ok: false, message: `TypeScript: ${where}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` };
  }
  return out.outputText;
}

function isFunctionInit(ts: TypeScriptApi, node: TS.Expression | undefined): node is TS.ArrowFunction | TS.FunctionExpression {
  return !!node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
}

function isAsync(ts: TypeScriptApi, node: TS.Node): boolean {
  return (ts.getCombinedModifierFlags(node as TS.Declaration) & ts.ModifierFlags.Async) !== 0;
}

function findDynamicImport(ts: TypeScriptApi, sf: TS.SourceFile): TS.Node | undefined {
  const visit = (node: TS.Node): TS.Node | undefined =>
    ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword ? node : ts.forEachChild(node, visit);
  return visit(sf);
}

/**
 * Rewrites `import ... from "knowledge"` into reads of the injected lists, strips `export`
 * keywords and finds the entry function. Everything else about the code is left to V8.
 */
function rewrite(ts: TypeScriptApi, js: string, kind: RunKind, entryWanted: string | undefined): Omit<TransformedSource, 'hash'> | SourceError {
  const sf = ts.createSourceFile('user-code.js', js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const edits: Edit[] = [];
  const imported: string[] = [];
  const functions: { name: string; async: boolean; line: number }[] = [];
  const fail = (node: TS.Node, message: string): SourceError => ({ ok: false, message: `line ${lineOf(ts, sf, node.getStart(sf))}: ${message}` });

  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt)) {
      const from = ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : '?';
      if (from !== 'knowledge') {
        return fail(stmt, `cannot import "${from}": only lookup lists can be imported, from "knowledge" (no modules, network, files or processes in the sandbox)`);
      }
      const clause = stmt.importClause;
      if (!clause || clause.name) return fail(stmt, 'import lookup lists by name: import { my_list } from "knowledge"');
      const bindings = clause.namedBindings;
      let text: string;
      if (bindings && ts.isNamespaceImport(bindings)) {
        text = `const ${bindings.name.text} = __knowledge;`;
      } else {
        const parts = (bindings?.elements ?? []).map((el) => {
          const source = (el.propertyName ?? el.name).getText(sf);
          imported.push(source);
          return `${source}: ${el.name.text}`;
        });
        text = `const { ${parts.join(', ')} } = __knowledge;`;
      }
      edits.push({ start: stmt.getStart(sf), end: stmt.getEnd(), text: padLines(stmt.getText(sf), text) });
      continue;
    }
    if (ts.isExportDeclaration(stmt) || ts.isExportAssignment(stmt)) {
      if (ts.isExportAssignment(stmt)) return fail(stmt, '`export default <expression>` is not supported; define `function lf(record)`');
      edits.push({ start: stmt.getStart(sf), end: stmt.getEnd(), text: padLines(stmt.getText(sf), '') });
      continue;
    }
    // `export function lf` / `export default function lf`: drop the keywords, keep the declaration
    const modifiers = ts.canHaveModifiers(stmt) ? (ts.getModifiers(stmt) ?? []) : [];
    for (const mod of modifiers) {
      if (mod.kind === ts.SyntaxKind.ExportKeyword || mod.kind === ts.SyntaxKind.DefaultKeyword) {
        edits.push({ start: mod.getStart(sf), end: mod.getEnd(), text: ' '.repeat(mod.getEnd() - mod.getStart(sf)) });
      }
    }
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      functions.push({ name: stmt.name.text, async: isAsync(ts, stmt), line: lineOf(ts, sf, stmt.getStart(sf)) });
    } else if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && isFunctionInit(ts, decl.initializer)) {
          functions.push({ name: decl.name.text, async: isAsync(ts, decl.initializer), line: lineOf(ts, sf, decl.getStart(sf)) });
        }
      }
    }
  }

  const dynamicImport = findDynamicImport(ts, sf);
  if (dynamicImport) return fail(dynamicImport, 'import() is not available in the sandbox; lookup lists are imported with import { my_list } from "knowledge"');

  const preferred = entryWanted ?? (kind === 'attribute' ? 'ac' : 'lf');
  const entry = functions.find((f) => f.name === preferred) ?? (entryWanted ? undefined : functions[0]);
  if (!entry) {
    const hint = kind === 'attribute' ? 'function ac(record)' : 'function lf(record)';
    const found = functions.length ? `; top-level functions: ${functions.map((f) => f.name).join(', ')}` : '';
    return { ok: false, message: entryWanted ? `no top-level function "${entryWanted}"${found}` : `no top-level function found: define ${hint}${found}` };
  }
  if (entry.async) return { ok: false, message: `line ${entry.line}: ${entry.name} is async; labeling functions and attributes must be synchronous` };

  let body = js;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  // The user's code starts on line 1 of the script, so V8's line numbers are the user's.
  const script = `${INSTALL_HOOK}(function (__knowledge) {${body}\n;return ${entry.name};\n});`;
  return { ok: true, script, entry: entry.name, importedLists: [...new Set(imported)], userLines: js.split('\n').length };
}

/** Transpiles (TypeScript), rewrites and caches per code hash. */
export async function transformSource(
  code: string,
  language: JsLanguage,
  kind: RunKind,
  entry: string | undefined,
): Promise<TransformedSource | SourceError> {
  const hash = createHash('sha256').update(`${language}\0${kind === 'attribute' ? 'ac' : 'lf'}\0${entry ?? ''}\0${code}`).digest('hex');
  const cached = cache.get(hash);
  if (cached) return cached;
  const ts = await typescript();
  const js = language === 'typescript' ? transpileTypeScript(ts, code) : code;
  if (typeof js !== 'string') return remember(hash, js);
  const rewritten = rewrite(ts, js, kind, entry);
  return remember(hash, rewritten.ok ? { ...rewritten, hash } : rewritten);
}
