/** The k-th best of the scores offered so far (0 until there are k). */
export class KthBest {
  private readonly scores: Float64Array;

  constructor(k: number) {
    this.scores = new Float64Array(k);
  }

  get value(): number {
    return this.scores[this.scores.length - 1] ?? 0;
  }

  offer(score: number): void {
    const { scores } = this;
    if (score <= this.value) return;
    let at = scores.length - 1;
    while (at > 0 && score > (scores[at - 1] ?? 0)) {
      scores[at] = scores[at - 1] ?? 0;
      at--;
    }
    scores[at] = score;
  }
}
