/**
 * Where each line of a text starts: offset 0, then the offset after every `\n`, `\r\n` or lone
 * `\r` (the line breaks of Docker's parser, and of vscode-languageserver-textdocument's
 * `computeLineOffsets`, which gives the same array).
 */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // Most files: `\n` only, found by the engine's own search.
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The line that holds `at` (an offset within the text): the last line starting at or before it.
 * `hint` is a line to try first, then the one after it (callers that go through a text in order
 * pass the previous answer), before a binary search.
 */
export function lineAtOffset(starts: readonly number[], at: number, hint: number): number {
  const count = starts.length;
  let line = hint;
  if (line < count && starts[line]! <= at && (line + 1 === count || starts[line + 1]! > at)) return line;
  line++;
  if (line < count && starts[line]! <= at && (line + 1 === count || starts[line + 1]! > at)) return line;
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! > at) high = mid;
    else low = mid + 1;
  }
  return low - 1;
}

/**
 * The character of `at` on `line` as vscode-languageserver-textdocument's `positionAt` gives it:
 * never after the line's break itself (an offset inside `\r\n` is before the `\r`).
 */
export function characterAt(text: string, starts: readonly number[], line: number, at: number): number {
  const lineStart = starts[line]!;
  let character = at;
  while (character > lineStart && (text.charCodeAt(character - 1) === 13 || text.charCodeAt(character - 1) === 10)) character--;
  return character - lineStart;
}
