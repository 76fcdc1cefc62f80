// The alternative the issue asks to measure: a small classifier trained on a labelled phrase table
// (multinomial naive Bayes over words and word pairs, Laplace smoothing; pure TypeScript, deterministic).
// Trained on the tuning part only and scored on the held-out part, beside the rules, by run.ts.

const STOP = new Set(
  'a an the to of for and or in on at is are be it this that my our we i you me us can could please pls just with from by so do does'.split(
    ' ',
  ),
);

export function features(text: string): string[] {
  const words = (text.toLowerCase().match(/[a-z0-9][a-z0-9'+.-]*/g) ?? []).filter((w) => !STOP.has(w));
  const pairs = words.slice(1).map((word, i) => `${words[i]} ${word}`);
  return [...words, ...pairs];
}

export class NaiveBayes {
  private readonly docs = new Map<string, number>();
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private examples = 0;

  train(text: string, label: string): void {
    this.examples += 1;
    this.docs.set(label, (this.docs.get(label) ?? 0) + 1);
    const counts = this.counts.get(label) ?? new Map<string, number>();
    for (const feature of features(text)) {
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
      this.totals.set(label, (this.totals.get(label) ?? 0) + 1);
      this.vocabulary.add(feature);
    }
    this.counts.set(label, counts);
  }

  /** The most likely label; ties go to the label seen first. */
  classify(text: string): string | undefined {
    const seen = features(text).filter((f) => this.vocabulary.has(f));
    let best: { label: string; score: number } | undefined;
    for (const [label, docs] of this.docs) {
      const counts = this.counts.get(label)!;
      const total = (this.totals.get(label) ?? 0) + this.vocabulary.size;
      let score = Math.log(docs / this.examples);
      for (const feature of seen) score += Math.log(((counts.get(feature) ?? 0) + 1) / total);
      if (!best || score > best.score) best = { label, score };
    }
    return best?.label;
  }
}
