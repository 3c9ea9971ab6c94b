import { describe, expect, it } from 'vitest';
import { diffStats, lineDiff } from './line-diff.ts';

describe('lineDiff', () => {
  it('marks a changed line as removed then added, keeping the lines around it', () => {
    const d = lineDiff('第一条 总则\n第二条 养犬须牵绳\n第三条 附则', '第一条 总则\n第二条 养犬须牵绳，及时清理粪便\n第三条 附则');
    expect(d).toEqual([
      { op: 'same', text: '第一条 总则' },
      { op: 'removed', text: '第二条 养犬须牵绳' },
      { op: 'added', text: '第二条 养犬须牵绳，及时清理粪便' },
      { op: 'same', text: '第三条 附则' },
    ]);
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });

  it('finds the longest common run when lines move and are inserted', () => {
    const d = lineDiff('a\nb\nc\nd', 'b\nc\nx\nd\ne');
    expect(d.filter((l) => l.op === 'same').map((l) => l.text)).toEqual(['b', 'c', 'd']);
    expect(diffStats(d)).toEqual({ added: 2, removed: 1 });
  });

  it('handles empty texts on either side', () => {
    expect(lineDiff('', 'a\nb')).toEqual([{ op: 'added', text: 'a' }, { op: 'added', text: 'b' }]);
    expect(lineDiff('a', '')).toEqual([{ op: 'removed', text: 'a' }]);
    expect(lineDiff('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
  });

  it('rebuilds both texts from the diff (old = same+removed, new = same+added)', () => {
    const before = Array.from({ length: 60 }, (_, i) => `line ${i % 7}`).join('\n');
    const after = Array.from({ length: 55 }, (_, i) => `line ${(i * 3) % 8}`).join('\n');
    const d = lineDiff(before, after);
    expect(d.filter((l) => l.op !== 'added').map((l) => l.text).join('\n')).toBe(before);
    expect(d.filter((l) => l.op !== 'removed').map((l) => l.text).join('\n')).toBe(after);
  });
});
