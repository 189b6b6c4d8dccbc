import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';

describe('DocumentCache', () => {
  it('hands out the same document for the same text, and drops the least recently used beyond its capacity', () => {
    const cache = new DocumentCache(2);
    const a = parse('{ a }');
    cache.set('{ a }', a);
    cache.set('{ b }', parse('{ b }'));
    expect(cache.get('{ a }')).toBe(a); // now the most recently used
    cache.set('{ c }', parse('{ c }'));
    expect(cache.get('{ b }')).toBeUndefined();
    expect(cache.get('{ a }')).toBe(a);
    expect(cache.get('{ c }')).toBeDefined();
  });
});
