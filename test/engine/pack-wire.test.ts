import { describe, expect, it } from 'vitest';
import { generateHouseholds } from '../../src/build/bench-households';
import { loadPackFromDisk } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Expr } from '../../src/engine/pack';
import { decodeExpr, decodePack, encodeExpr, encodePack, wireText } from '../../src/engine/pack-wire';

const pack = loadPackFromDisk();

describe('shipped rule pack wire form', () => {
  it('decodes to exactly the disk pack (same JSON text, key order included)', () => {
    const text = wireText(pack);
    expect(JSON.stringify(decodePack(JSON.parse(text)))).toBe(JSON.stringify(pack));
    expect(text.length).toBeLessThan(JSON.stringify(pack).length * 0.9);
    // No expression object is left in the shipped programmes, and each string key is written once.
    expect(JSON.stringify(encodePack(pack).programmes)).not.toContain('"k":');
    expect(text.split('"prog.orphan.cond.under-18"').length - 1).toBe(2); // the condition's label + the key list
  });

  it('round-trips every expression kind', () => {
    const v = (name: string): Expr => ({ k: 'var', name });
    const e: Expr = {
      k: 'call',
      fn: 'if',
      args: [
        { k: 'bin', op: 'in', l: v('father'), r: { k: 'list', items: [{ k: 'str', v: 'dead' }, { k: 'str', v: '' }, { k: 'str', v: 'v1' }] } },
        { k: 'neg', e: { k: 'bin', op: '*', l: { k: 'param', name: 'a.b' }, r: { k: 'num', v: -0.5 } } },
        { k: 'not', e: { k: 'bin', op: 'and', l: { k: 'bool', v: false }, r: { k: 'let', name: 'x' } } },
      ],
    };
    expect(JSON.stringify(decodeExpr(JSON.parse(JSON.stringify(encodeExpr(e)))))).toBe(JSON.stringify(e));
    expect(() => decodeExpr('xage')).toThrow(/bad expression/);
    expect(() => decodeExpr({} as never)).toThrow(/bad expression/);
  });

  it('keeps strings one language lacks, and key orders the key list cannot hold', () => {
    const strings = { 'zh-CN': { a: '甲', c: '丙' }, en: { a: 'A', c: 'C', b: 'B' } };
    const enc = encodePack({ ...pack, strings });
    expect(enc.strings).toEqual({ keys: ['a', 'c', 'b'], 'zh-CN': ['甲', '丙', null], en: ['A', 'C', 'B'] });
    expect(JSON.stringify((decodePack(JSON.parse(JSON.stringify(enc))) as typeof pack).strings)).toBe(JSON.stringify(strings));
    const crossed = { 'zh-CN': { a: '甲', b: '乙' }, en: { b: 'B', a: 'A' } };
    expect(encodePack({ ...pack, strings: crossed }).strings).toBe(crossed); // shipped as it is
    expect(JSON.stringify((decodePack(JSON.parse(wireText({ ...pack, strings: crossed }))) as typeof pack).strings)).toBe(JSON.stringify(crossed));
  });

  it('passes a pack that is not in wire form through unchanged', () => {
    expect(decodePack(pack)).toBe(pack);
    expect(decodePack(null)).toBe(null);
  });

  it('gives the same full reports as the disk pack', () => {
    const a = compilePack(pack);
    const b = compilePack(decodePack(JSON.parse(wireText(pack))));
    const households = generateHouseholds(60, 7);
    for (const region of [...Object.keys(pack.regions), 'cn-530627']) {
      for (const h of households) {
        const opts = { region, date: '2026-12-03', explain: true };
        expect(JSON.stringify(evaluate(h, b, opts))).toBe(JSON.stringify(evaluate(h, a, opts)));
      }
    }
  });
});
