/** Bulk paste: pieces trimmed, empty ones dropped, repeats kept once (first position). */
export function splitPaste(text: string, separator: string): string[] {
  return [
    ...new Set(
      text
        .split(separator)
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
}
