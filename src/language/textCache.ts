/**
 * A pure function of a string, remembered for recent inputs: cleared whole when full, which keeps it
 * bounded without bookkeeping per entry.
 */
export class TextCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly limit: number) {}

  get(text: string, compute: (text: string) => string): string {
    let result = this.entries.get(text);
    if (result === undefined) {
      if (this.entries.size >= this.limit) this.entries.clear();
      result = compute(text);
      this.entries.set(text, result);
    }
    return result;
  }
}
