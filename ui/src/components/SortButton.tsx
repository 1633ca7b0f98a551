// A sortable column's header button, the same in every sortable table: its label, then an arrow
// that points the way the table is sorted by it, or both ways, dimmed, while it is sorted by
// another column. The arrow is drawn, not typed: a glyph at its own size would be one more font
// face for the first layout to look up (styles/tokens.css).
import "./SortButton.css";

export type SortDirection = "asc" | "desc" | false;

/** What the column's header cell says of it to assistive technology (`aria-sort`). */
export function ariaSort(direction: SortDirection) {
  return direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none";
}

export function SortButton({
  label,
  direction,
  onClick,
  testId,
}: {
  label: string;
  direction: SortDirection;
  onClick: () => void;
  testId: string;
}) {
  return (
    <button
      type="button"
      className={`sort-button${direction ? " sort-active" : ""}`}
      onClick={onClick}
      data-testid={testId}
    >
      {label}
      <svg className="sort-arrow" width="8" height="10" viewBox="0 0 8 10" aria-hidden="true" focusable="false">
        {direction === "asc" && <path d="M4 3 8 7H0z" />}
        {direction === "desc" && <path d="M4 7 0 3h8z" />}
        {!direction && <path d="M4 0 8 4H0zM4 10 0 6h8z" />}
      </svg>
    </button>
  );
}
