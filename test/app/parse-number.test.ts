/** Reading numbers as people type them: every form the issue names, and the ones that must be refused. */
import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, parseNumber } from '../../src/app/parse-number';

const money = (s: string) => parseNumber(s, { kind: 'money', min: 0, max: 100_000_000 });
const age = (s: string) => parseNumber(s, { kind: 'age', min: 0, max: 130 });
const value = (r: ReturnType<typeof money>) => (r.ok ? r.value : r.problem);

describe('money', () => {
  it.each([
    ['800', 800],
    ['800元', 800],
    ['￥800', 800],
    ['¥800', 800],
    ['RMB 800', 800],
    ['1,200', 1200],
    ['1，200元', 1200],
    ['12,345,678', 12_345_678],
    ['８００', 800],
    ['８００元', 800],
    ['800块', 800],
    ['800块钱', 800],
    ['800元/月', 800],
    ['800.5', 800.5],
    ['800.50', 800.5],
    ['800.', 800],
    [' 800 ', 800],
    ['八百', 800],
    ['八百元', 800],
    ['一千二', 1200],
    ['一千二百', 1200],
    ['一千零二', 1002],
    ['一千零二十', 1020],
    ['八百五', 850],
    ['八百五十', 850],
    ['两千', 2000],
    ['两万三', 23_000],
    ['一万零五百', 10_500],
    ['十五', 15],
    ['十', 10],
    ['三万', 30_000],
    ['十万', 100_000],
    ['1.2万', 12_000],
    ['1.1万', 11_000],
    ['3千', 3000],
    ['捌佰', 800],
    ['八零零', 800],
    ['零', 0],
    ['0', 0],
  ])('%s → %d', (text, expected) => {
    expect(value(money(text))).toBe(expected);
  });

  it.each([
    ['800元?', 'notUnderstood'],
    ['八百多', 'notUnderstood'],
    ['约800', 'notUnderstood'],
    ['1,2', 'notUnderstood'],
    ['1,20', 'notUnderstood'],
    ['12,34,567', 'notUnderstood'],
    ['800 900', 'notUnderstood'],
    ['百八', 'notUnderstood'],
    ['八八百', 'notUnderstood'],
    ['五十八百', 'notUnderstood'],
    ['八百点五', 'notUnderstood'],
    ['1e3', 'notUnderstood'],
    ['abc', 'notUnderstood'],
    ['-5', 'negative'],
    ['−5', 'negative'],
    ['负五百', 'negative'],
    ['800.555', 'decimals'],
    ['200000000', 'tooLarge'],
  ])('%s is refused (%s)', (text, problem) => {
    expect(value(money(text))).toBe(problem);
  });

  it('an empty box is no answer, not 0', () => {
    expect(money('')).toEqual({ ok: true, value: undefined, reinterpreted: false });
    expect(money('   ')).toEqual({ ok: true, value: undefined, reinterpreted: false });
  });

  it('says when the text was read as something else, so the field can show how', () => {
    expect(money('800')).toMatchObject({ reinterpreted: false });
    expect(money('800元')).toMatchObject({ reinterpreted: true });
    expect(money('八百')).toMatchObject({ reinterpreted: true });
  });
});

describe('age', () => {
  it.each([
    ['67', 67],
    ['67岁', 67],
    ['67周岁', 67],
    ['六十七', 67],
    ['六十七岁', 67],
    ['６７', 67],
    ['0', 0],
  ])('%s → %d', (text, expected) => {
    expect(value(age(text))).toBe(expected);
  });

  it.each([
    ['4.5', 'decimals'],
    ['131', 'tooLarge'],
    ['六十多', 'notUnderstood'],
    ['67元', 'notUnderstood'],
  ])('%s is refused (%s)', (text, problem) => {
    expect(value(age(text))).toBe(problem);
  });
});

describe('Chinese numerals', () => {
  it('reads every whole number up to 99,999 written in words the way it is said', () => {
    const words = (n: number): string => {
      const d = '零一二三四五六七八九';
      const under10k = (x: number, leadingZero: boolean): string => {
        const parts = [Math.floor(x / 1000), Math.floor(x / 100) % 10, Math.floor(x / 10) % 10, x % 10];
        const units = ['千', '百', '十', ''];
        let out = '';
        let zero = leadingZero;
        parts.forEach((p, i) => {
          if (p === 0) {
            if (out) zero = true;
            return;
          }
          if (zero && out !== '' ) out += '零';
          else if (zero && leadingZero) out += '零';
          zero = false;
          out += (p === 1 && units[i] === '十' && out === '' ? '' : d[p]!) + units[i]!;
        });
        return out;
      };
      if (n === 0) return '零';
      if (n < 10_000) return under10k(n, false);
      const rest = n % 10_000;
      return `${under10k(Math.floor(n / 10_000), false)}万${rest ? under10k(rest, rest < 1000) : ''}`;
    };
    for (let n = 0; n < 100_000; n += n < 2000 ? 1 : 37) {
      expect(parseChineseNumeral(words(n)), `${n} = ${words(n)}`).toBe(n);
    }
  });
});
