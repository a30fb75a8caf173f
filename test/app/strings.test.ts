/**
 * All user-visible text goes through i18next: this fails when a component hard-codes words (Chinese characters or
 * English words) in JSX text or in user-facing attributes, and when the two locale files disagree on their keys.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import zh from '../../src/i18n/locales/zh-CN.json';
import en from '../../src/i18n/locales/en.json';

const APP = join(__dirname, '..', '..', 'src', 'app');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.tsx') ? [p] : [];
  });
}

/** Words a person would read: Chinese characters, or a Latin word of two or more letters. */
const WORDS = /[\u4e00-\u9fff]|[A-Za-z]{2,}/;

/** JSX text and user-facing string attributes, found with the TypeScript parser (not regexes). */
function visibleTexts(src: string, name = 'x.tsx'): string[] {
  const sf = ts.createSourceFile(name, src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isJsxText(n)) {
      const text = n.getText().trim();
      if (text) out.push(text);
    } else if (ts.isJsxAttribute(n) && n.initializer && ts.isStringLiteral(n.initializer)) {
      const attr = n.name.getText();
      if (['aria-label', 'title', 'placeholder', 'alt', 'label'].includes(attr)) out.push(n.initializer.text);
    } else if (ts.isJsxExpression(n) && n.expression && ts.isStringLiteral(n.expression) && ts.isJsxElement(n.parent)) {
      out.push(n.expression.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('no hard-coded user-visible strings in components', () => {
  for (const file of files(APP)) {
    it(relative(APP, file), () => {
      const offending = visibleTexts(readFileSync(file, 'utf8'), file).filter((s) => WORDS.test(s));
      expect(offending, `hard-coded text in ${relative(APP, file)}`).toEqual([]);
    });
  }

  it('catches a hard-coded string (the check itself can fail)', () => {
    const found = (src: string) => visibleTexts(src).filter((s) => WORDS.test(s));
    expect(found('const a = <p>保存</p>;')).toEqual(['保存']);
    expect(found('const a = <button>Save</button>;')).toEqual(['Save']);
    expect(found('const a = <input placeholder="name" />;')).toEqual(['name']);
    expect(found("const a = <p>{'Save now'}</p>;")).toEqual(['Save now']);
    expect(found('const a = <p>{t("ui.save")}</p>; function f(x: Promise<number>) { return x; }')).toEqual([]);
  });
});

describe('questions', () => {
  it('every question has a one-line help text', () => {
    const src = readFileSync(join(APP, 'components', 'questions.tsx'), 'utf8');
    const questions = [...src.matchAll(/label=\{t\('(q\.[A-Za-z.]+)'\)\}/g)].map((m) => m[1]!);
    expect(questions.length).toBeGreaterThan(20);
    const missing = questions.filter((q) => !(zh as Record<string, string>)[`${q}.help`] || !src.includes(`help={t('${q}.help')}`));
    expect(missing).toEqual([]);
  });
});

describe('locale files', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of Object.entries({ ...zh, ...en })) expect(v, k).not.toBe('');
  });

  it('Chinese texts are Chinese (no English sentence left untranslated)', () => {
    const suspicious = Object.entries(zh).filter(([, v]) => /^[A-Za-z ,.'’]+$/.test(v) && v.length > 12);
    expect(suspicious).toEqual([]);
  });
});
