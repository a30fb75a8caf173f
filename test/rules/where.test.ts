/** Places in Chinese documents in English: plain locators by rule, section titles from rules/where.yaml. */
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { chineseNumber, whereInEnglish } from '../../src/build/where';

describe('where in English', () => {
  it('reads article numbers as documents write them', () => {
    expect([chineseNumber('九'), chineseNumber('十'), chineseNumber('十四'), chineseNumber('四十七'), chineseNumber('二百五十九')]).toEqual([9, 10, 14, 47, 259]);
    expect(chineseNumber('第')).toBeNull();
  });

  it('translates plain locators and lists of them, and nothing with words in it', () => {
    expect(whereInEnglish('第十四条')).toBe('art. 14');
    expect(whereInEnglish('第九条、第十二条')).toBe('art. 9, art. 12');
    expect(whereInEnglish('第十五条（二）')).toBe('art. 15(2)');
    expect(whereInEnglish('专栏7-2')).toBe('box 7-2');
    expect(whereInEnglish('专栏4-9、4-10')).toBe('box 4-9, 4-10');
    expect(whereInEnglish('表2-1')).toBe('table 2-1');
    expect(whereInEnglish('第七章（四）')).toBe('ch. 7 (4)');
    expect(whereInEnglish('§6.4')).toBe('§6.4');
    expect(whereInEnglish('表2-1 最低生活保障标准 2019年')).toBeNull();
    expect(whereInEnglish('专栏 残疾人基本公共服务重点工程 1')).toBeNull();
  });

  it('every place a shipped citation points to has an English text in the rule pack (Chinese: as written)', () => {
    const pack = loadPackFromDisk();
    const wheres = new Set<string>();
    JSON.stringify([pack.programmes, pack.parameters], (k, v: unknown) => {
      if (k === 'where' && typeof v === 'string') wheres.add(v);
      return v;
    });
    expect(wheres.size).toBeGreaterThan(50);
    for (const w of wheres) {
      expect(pack.strings['zh-CN'][`where.${w}`], w).toBeUndefined();
      expect(pack.strings.en[`where.${w}`], w).toMatch(/^[^\u4e00-\u9fff]*("[^"]*"[^\u4e00-\u9fff]*)*$/);
    }
  });
});
