/** The Monaco editor for the active tab: MySQL syntax, schema completion, Ctrl+Enter / Ctrl+Shift+Enter. */
import { useEffect, useRef } from 'react';
import { useEditor } from '../editor.store';
import { statementAt } from '../statement-at';
import { monaco, registerCompletion } from './monaco-setup';

interface Props {
  tabId: string;
  dark: boolean;
  /** Called with the text to run (selection, statement at cursor, or everything). */
  onRun(sql: string): void;
}

/** What to run: the selection if any, else the statement under the cursor, or all of it. */
function textToRun(ed: monaco.editor.IStandaloneCodeEditor, all: boolean): string {
  const model = ed.getModel();
  if (!model) return '';
  if (all) return model.getValue();
  const sel = ed.getSelection();
  if (sel && !sel.isEmpty()) return model.getValueInRange(sel);
  const pos = ed.getPosition();
  return statementAt(model.getValue(), pos ? model.getOffsetAt(pos) : 0)?.sql ?? '';
}

/** Monaco bound to the editor store. */
export function SqlEditor({ tabId, dark, onRun }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const ed = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const runRef = useRef(onRun);
  runRef.current = onRun;

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(host.current, {
      value: useEditor.getState().tabs.find((t) => t.id === tabId)?.text ?? '',
      language: 'mysql',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      autoClosingQuotes: 'never',
      autoClosingBrackets: 'never',
      theme: dark ? 'vs-dark' : 'vs',
    });
    ed.current = editor;
    const sub = editor.onDidChangeModelContent(() => useEditor.getState().setText(editor.getValue()));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current(textToRun(editor, false)));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => runRef.current(textToRun(editor, true)));
    const completion = registerCompletion(() => useEditor.getState().schemaInfo);
    editor.focus();
    return () => {
      sub.dispose();
      completion.dispose();
      editor.dispose();
      ed.current = null;
    };
    // A new editor per tab keeps each tab's undo history apart.
  }, [tabId]);

  useEffect(() => monaco.editor.setTheme(dark ? 'vs-dark' : 'vs'), [dark]);

  // Text replaced from outside (format, apply rewrite, history) flows back into Monaco.
  const text = useEditor((s) => s.tabs.find((t) => t.id === tabId)?.text ?? '');
  useEffect(() => {
    const e = ed.current;
    if (e && e.getValue() !== text) e.setValue(text);
  }, [text]);

  return <div ref={host} className="sql-editor" data-testid="sql-editor" />;
}

/** Exposed for the toolbar buttons: the text a Run button should run. */
export function currentRunText(all: boolean): string {
  const editor = monaco.editor.getEditors()[0] as monaco.editor.IStandaloneCodeEditor | undefined;
  return editor ? textToRun(editor, all) : '';
}
