/** StringBuilder gives back exactly the pieces appended, in any mix of ASCII and UTF-16, across its buffer's growth and reuse. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringBuilder } from '../src/synth/string-builder.js';

const build = (pieces: readonly string[]): string => {
  const builder = new StringBuilder();
  for (const piece of pieces) builder.append(piece);
  return builder.toString();
};

describe('StringBuilder', () => {
  it('equals joining the pieces, for any well-formed text (property, 500 runs)', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 50 }), (pieces) => {
      expect(build(pieces)).toBe(pieces.join(''));
    }), { numRuns: 500 });
  });

  it('grows past its first buffer: a megabyte of short pieces with non-ASCII ones in between', () => {
    const pieces = Array.from({ length: 200_000 }, (_, i) => (i % 997 === 0 ? 'é😀漢\n' : `key-${i}: `));
    expect(build(pieces)).toBe(pieces.join(''));
  });

  it('a builder started while another is open does not share its buffer', () => {
    const outer = new StringBuilder();
    outer.append('outer ');
    expect(build(['inner'])).toBe('inner');
    outer.append('done');
    expect(outer.toString()).toBe('outer done');
    expect(build(['next'])).toBe('next');
  });
});
