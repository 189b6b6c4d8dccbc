import type { DocumentNode } from 'graphql';

/**
 * Valid documents by their text, the most recently used kept (as Apollo Server keeps them for
 * HTTP). A dashboard wall opens thousands of subscriptions with the same text: parsed and validated
 * once, they share one immutable document, so the gate's per-document walk is done once too, and a
 * subscription costs less memory (at 5,000 subscribers the heap, and the garbage collector's work
 * on every event, grew with the copies: docs/benchmarks.md, scenario 4).
 */
export class DocumentCache {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly capacity = 1_000) {}

  get(text: string): DocumentNode | undefined {
    const document = this.documents.get(text);
    if (document) {
      // Most recently used last: the first entry is the one to drop.
      this.documents.delete(text);
      this.documents.set(text, document);
    }
    return document;
  }

  /** Only documents that passed validation belong here. */
  set(text: string, document: DocumentNode): void {
    this.documents.set(text, document);
    if (this.documents.size > this.capacity) this.documents.delete(this.documents.keys().next().value!);
  }
}
