/**
 * Monaco, lean: the editor API, the few editor contributions the SQL editor uses (suggest, find,
 * clipboard, brackets, comments) and the MySQL grammar. The base worker loads from a bundled
 * file (Vite `?worker`), which the CSP's `worker-src 'self' blob:` allows.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/basic-languages/mysql/mysql.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import type { SchemaInfo } from '../../../../../shared/contract/sql.calls';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };

/** Registers schema-aware completion for the mysql language; dispose it when the editor goes. */
export function registerCompletion(getInfo: () => SchemaInfo | null): monaco.IDisposable {
  return monaco.languages.registerCompletionItemProvider('mysql', {
    triggerCharacters: ['.'],
    provideCompletionItems(model, position) {
      const info = getInfo();
      if (!info) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
      const qualifier = /([\w$]+)\.$/.exec(before)?.[1]?.toLowerCase();
      const K = monaco.languages.CompletionItemKind;
      if (qualifier) {
        const inSchema = info.tables.filter((t) => t.schema.toLowerCase() === qualifier);
        if (inSchema.length)
          return { suggestions: inSchema.map((t) => ({ label: t.name, kind: K.Struct, insertText: t.name, range, detail: `table in ${t.schema}` })) };
        const text = model.getValue();
        const alias = new RegExp(`([\\w$]+)\\s+(?:as\\s+)?${qualifier}\\b`, 'i').exec(text)?.[1]?.toLowerCase() ?? qualifier;
        const table = info.tables.find((t) => t.name.toLowerCase() === alias);
        return { suggestions: (table?.columns ?? []).map((c) => ({ label: c.name, kind: K.Field, insertText: c.name, range, detail: c.type })) };
      }
      const text = model.getValue().toLowerCase();
      const mentioned = info.tables.filter((t) => text.includes(t.name.toLowerCase()));
      return {
        suggestions: [
          ...info.tables.map((t) => ({ label: t.name, kind: K.Struct, insertText: t.name, range, detail: `table · ${t.schema}`, sortText: `1${t.name}` })),
          ...mentioned.flatMap((t) =>
            t.columns.map((c) => ({
              label: c.name,
              kind: K.Field,
              insertText: c.name,
              range,
              detail: `${t.name}.${c.name} ${c.type}`,
              sortText: `0${c.name}`,
            })),
          ),
          ...info.schemas.map((s) => ({ label: s, kind: K.Module, insertText: s, range, detail: 'schema', sortText: `2${s}` })),
          ...info.functions.map((f) => ({ label: f, kind: K.Function, insertText: `${f}(`, range, detail: 'function', sortText: `3${f}` })),
        ],
      };
    },
  });
}
