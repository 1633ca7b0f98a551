// The Policy JSON pane: CodeMirror 6 with JSON highlighting and lint (a parse error is underlined
// where it is). CodeMirror was chosen over a textarea for line numbers, bracket matching, undo
// history and in-place error marks; it is modular, so only the JSON parts are bundled.
// `value` from outside replaces the text (the tree changed); typing calls `onChange`.
import { json, jsonParseLinter } from "@codemirror/lang-json";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { linter, lintGutter } from "@codemirror/lint";
import { Annotation, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";
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
          syntaxHighlighting(jsonColours),
          // tabindex: the content is already focusable (contenteditable); saying so lets checkers
          // see that its scrolling region can be reached with the keyboard.
          EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "policy-json", tabindex: "0" }),
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

/**
 * JSON colours from the design tokens, so they keep WCAG AA contrast in light and dark (the
 * default highlight style is made for a light background only).
 */
const jsonColours = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--accent-text)" },
  { tag: tags.string, color: "var(--code-text)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--success)" },
  { tag: [tags.punctuation, tags.brace, tags.squareBracket, tags.separator], color: "var(--text-2)" },
  { tag: tags.invalid, color: "var(--danger-text)" },
]);

/** Marks a change that came from outside (the tree), so it is not echoed back as typing. */
const external = Annotation.define<boolean>();
