/**
 * Parses the small expression language of rule files into the JSON AST the engine compiles.
 * Build-time only. Grammar (loosest first):
 *   or:  and ('or' and)*          and: not ('and' not)*        not: 'not' not | cmp
 *   cmp: sum (('<'|'<='|'>'|'>='|'=='|'!='|'in') sum)?
 *   sum: prod (('+'|'-') prod)*   prod: unary (('*'|'/') unary)*   unary: '-' unary | primary
 *   primary: number | 'text' | true | false | [list] | name(args) | name | (expr)
 * Names are resolved later (programme definitions, then variables, then parameters).
 */
import type { BinOp, Expr } from '../engine/pack';

export class ExprSyntaxError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
  }
}

type Tok = { t: 'num'; v: number; at: number } | { t: 'str'; v: string; at: number } | { t: 'id'; v: string; at: number } | { t: 'op'; v: string; at: number };

const OPS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_]*(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0].replace(/_/g, '')), at: i });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ExprSyntaxError('unterminated text in quotes', i);
      out.push({ t: 'str', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprSyntaxError(`unexpected character "${c}"`, i);
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  return out;
}

export function parseExpr(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const isOp = (v: string): boolean => {
    const t = peek();
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const isWord = (v: string): boolean => {
    const t = peek();
    return t !== undefined && t.t === 'id' && t.v === v;
  };
  const expectOp = (v: string): void => {
    if (!isOp(v)) throw new ExprSyntaxError(`expected "${v}"`, peek()?.at ?? src.length);
    p++;
  };

  function orE(): Expr {
    let l = andE();
    while (isWord('or')) {
      p++;
      l = { k: 'bin', op: 'or', l, r: andE() };
    }
    return l;
  }
  function andE(): Expr {
    let l = notE();
    while (isWord('and')) {
      p++;
      l = { k: 'bin', op: 'and', l, r: notE() };
    }
    return l;
  }
  function notE(): Expr {
    if (isWord('not')) {
      p++;
      return { k: 'not', e: notE() };
    }
    return cmpE();
  }
  function cmpE(): Expr {
    const l = sumE();
    const t = peek();
    if (t && t.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.v)) {
      p++;
      return { k: 'bin', op: t.v as BinOp, l, r: sumE() };
    }
    if (isWord('in')) {
      p++;
      return { k: 'bin', op: 'in', l, r: sumE() };
    }
    return l;
  }
  function sumE(): Expr {
    let l = prodE();
    while (isOp('+') || isOp('-')) {
      const op = (toks[p++] as Tok).v as BinOp;
      l = { k: 'bin', op, l, r: prodE() };
    }
    return l;
  }
  function prodE(): Expr {
    let l = unaryE();
    while (isOp('*') || isOp('/')) {
      const op = (toks[p++] as Tok).v as BinOp;
      l = { k: 'bin', op, l, r: unaryE() };
    }
    return l;
  }
  function unaryE(): Expr {
    if (isOp('-')) {
      p++;
      const e = unaryE();
      return e.k === 'num' ? { k: 'num', v: -e.v } : { k: 'neg', e };
    }
    return primary();
  }
  function primary(): Expr {
    const t = peek();
    if (!t) throw new ExprSyntaxError('expression ends too early', src.length);
    p++;
    if (t.t === 'num') return { k: 'num', v: t.v };
    if (t.t === 'str') return { k: 'str', v: t.v };
    if (t.t === 'op') {
      if (t.v === '(') {
        const e = orE();
        expectOp(')');
        return e;
      }
      if (t.v === '[') {
        const items: Expr[] = [];
        if (!isOp(']')) {
          items.push(orE());
          while (isOp(',')) {
            p++;
            items.push(orE());
          }
        }
        expectOp(']');
        return { k: 'list', items };
      }
      throw new ExprSyntaxError(`unexpected "${t.v}"`, t.at);
    }
    if (t.v === 'true' || t.v === 'false') return { k: 'bool', v: t.v === 'true' };
    if (isOp('(')) {
      p++;
      const args: Expr[] = [];
      if (!isOp(')')) {
        args.push(orE());
        while (isOp(',')) {
          p++;
          args.push(orE());
        }
      }
      expectOp(')');
      return { k: 'call', fn: t.v, args };
    }
    // Resolved to let / var / param by the rule compiler.
    return { k: 'var', name: t.v };
  }

  const e = orE();
  if (p < toks.length) throw new ExprSyntaxError(`unexpected "${(toks[p] as Tok).v}"`, (toks[p] as Tok).at);
  return e;
}
