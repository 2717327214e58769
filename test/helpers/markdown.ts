/** Rows of every markdown table in `text` whose first cell is a `code span`, as cell arrays. */
export function codeRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => /^\|\s*`[^`]+`\s*\|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
    );
}

/** `code` → code; anything else unchanged. */
export function unquote(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1');
}
