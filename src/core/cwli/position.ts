/**
 * Places in the query text. Lines and columns are 1-based and columns count UTF-16 code units, the
 * unit VS Code positions use, so a diagnostic maps onto an editor range without conversion.
 */
export interface Position {
  line: number;
  column: number;
  /** 0-based index into the query string. */
  offset: number;
}

/** From `start` (inclusive) to `end` (exclusive). */
export interface Range {
  start: Position;
  end: Position;
}

/** Turns offsets into positions with a binary search over line starts: O(log lines) per lookup. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! + 1, offset: at };
  }

  range(start: number, end: number): Range {
    const from = this.position(start);
    return { start: from, end: end <= start ? from : this.position(end) };
  }

  /** Offset of the line break (or end of text) that ends the line holding `offset`. */
  lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      i++;
    }
    return i;
  }
}
