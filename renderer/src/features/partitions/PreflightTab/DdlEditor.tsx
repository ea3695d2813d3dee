/** Monaco holding the partitioning DDL, with each preflight finding as an inline marker (errno and message on hover). */
import { useEffect, useRef } from 'react';
import type { CheckResult } from '../../../../../shared/contract/partitions';
import { monaco } from '../../editor/EditorPanel/monaco-setup';

interface Props {
  value: string;
  onChange(text: string): void;
  check: CheckResult | null;
  dark: boolean;
}

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;

/** The DDL editor. */
export function DdlEditor({ value, onChange, check, dark }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const ed = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(host.current, {
      value,
      language: 'mysql',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      glyphMargin: true,
      theme: dark ? 'vs-dark' : 'vs',
    });
    ed.current = editor;
    const sub = editor.onDidChangeModelContent(() => changed.current(editor.getValue()));
    return () => {
      sub.dispose();
      editor.dispose();
      ed.current = null;
    };
    // One editor for the panel's life; text and markers flow in below.
  }, []);

  useEffect(() => {
    const e = ed.current;
    if (e && e.getValue() !== value) e.setValue(value);
  }, [value]);

  useEffect(() => monaco.editor.setTheme(dark ? 'vs-dark' : 'vs'), [dark]);

  useEffect(() => {
    const model = ed.current?.getModel();
    if (!model) return;
    // Findings point into the text that was checked; stale ones are dropped once the text changes.
    const markers =
      check && check.statements.every((s) => model.getValue().slice(s.offset, s.offset + s.sql.length) === s.sql)
        ? check.statements.flatMap((s) =>
            s.findings.map((f) => {
              const start = model.getPositionAt(s.offset + f.start);
              const end = model.getPositionAt(s.offset + Math.max(f.end, f.start + 1));
              return {
                severity: SEVERITY[f.severity],
                message: `${f.errno ? `ERROR ${f.errno}: ` : ''}${f.message}`,
                source: f.rule,
                startLineNumber: start.lineNumber,
                startColumn: start.column,
                endLineNumber: end.lineNumber,
                endColumn: end.column,
              };
            }),
          )
        : [];
    monaco.editor.setModelMarkers(model, 'partition-preflight', markers);
  }, [check, value]);

  return <div ref={host} className="sql-editor part-ddl" data-testid="partition-ddl" />;
}
