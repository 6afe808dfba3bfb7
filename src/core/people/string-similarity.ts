/** String similarity for names. */

/** Jaro–Winkler similarity, 0–1; computed in a fixed order so that it is exactly symmetric. */
export function jaroWinkler(x: string, y: string): number {
  const [a, b] = x <= y ? [x, y] : [y, x];
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const hi = Math.min(b.length - 1, i + window);
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (bMatched[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transposed = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (aMatched[i] !== 1) continue;
    while (bMatched[k] !== 1) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transposed++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transposed / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) {
    prefix++;
  }
  return jaro + prefix * 0.1 * (1 - jaro);
}
