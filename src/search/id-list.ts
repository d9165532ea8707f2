/**
 * A reusable list of ids with room for every id of an index: scoring pushes thousands of ids
 * per query, and reusing one buffer keeps the garbage collector out of the latency.
 */
export class IdList {
  private readonly ids: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
  }

  push(id: number): void {
    this.ids[this.length++] = id;
  }

  at(i: number): number {
    return this.ids[i] ?? 0;
  }

  clear(): void {
    this.length = 0;
  }
}
