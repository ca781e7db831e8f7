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
