// The Policy JSON pane: CodeMirror 6 with JSON highlighting and lint (a parse error is underlined
// where it is). CodeMirror was chosen over a textarea for line numbers, bracket matching, undo
// history and in-place error marks; it is modular, so only the JSON parts are bundled.
// `value` from outside replaces the text (the tree changed); typing calls `onChange`.
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { linter, lintGutter } from "@codemirror/lint";
import { Annotation, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef } from "react";
import "./PolicyJsonEditor.css";

export function PolicyJsonEditor({
  value,
  onChange,
  label,
  readOnly = false,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  readOnly?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is created once; `value` is synced below.
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          json(),
          linter(jsonParseLinter(), { delay: 250 }),
          lintGutter(),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "policy-json" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((t) => t.annotation(external)))
              onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: value },
      annotations: external.of(true),
    });
  }, [value]);

  return <div ref={host} className="policy-json-editor" />;
}

/** Marks a change that came from outside (the tree), so it is not echoed back as typing. */
const external = Annotation.define<boolean>();
