/** Reads a dotted path (`data.headline`, `labels.<task>.manual`) from a plain document. */
export function readPath(doc: unknown, path: string): unknown {
  return pathReader(path)(doc);
}

/** A reader for one path, split once (the in-memory evaluator reads the same paths 100k times). */
export function pathReader(path: string): (doc: unknown) => unknown {
  const parts = path.split('.');
  return (doc) => {
    let cur: unknown = doc;
    for (let i = 0; i < parts.length; i++) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[parts[i]!];
    }
    return cur;
  };
}
