/**
 * A short key of a string (two 32-bit FNV-1a-style hashes, 16 hex digits), for file names: not
 * cryptographic, so whoever uses it as a name keeps the whole string inside to check it.
 */
export function fnvKey(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
