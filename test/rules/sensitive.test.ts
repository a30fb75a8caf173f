/**
 * The `sensitive` mark (rule schema → pack → report): only Jiangmen's HIV-child allowance has it, the report carries
 * it for every result of that programme (whatever the status, with or without explanations), and a mark that is
 * not `true` is a build error naming the file and the field.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPackFromDisk, RULES_DIR } from '../../src/build/pack-file';
import { buildPack } from '../../src/build/rules';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import type { Household } from '../../src/engine/household';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const child = (extra: object = {}) => ({ relation: 'child', age: 9, work: 'student', father: 'present', mother: 'present', legalSupporters: 'able', ...extra });
const household = (kid: object = {}): Household => ({ version: 1, region: 'cn-gd-jiangmen', members: [{ relation: 'self', age: 38 }, child(kid)] }) as Household;

describe('the sensitive mark', () => {
  const pack = loadPackFromDisk();
  const cp = compilePack(pack);

  it('is on the HIV-child programme only', () => {
    expect(pack.programmes.filter((p) => p.sensitive).map((p) => p.id)).toEqual(['hiv-child']);
  });

  it('reaches every result of the programme, explained or not, and no other result', () => {
    for (const explain of [true, false]) {
      for (const kid of [{}, { hivInfected: true }, { hivInfected: false }]) {
        const r = evaluate(household(kid), cp, { date: '2025-08-01', explain });
        expect(r.programs.filter((p) => p.sensitive).map((p) => p.id)).toEqual(['hiv-child']);
      }
    }
  });

  it('must be true: "sensitive: yes" stops the build, naming the file and the field', () => {
    const root = mkdtempSync(join(tmpdir(), 'huimin-rules-'));
    temps.push(root);
    const dir = join(root, 'rules');
    cpSync(RULES_DIR, dir, { recursive: true });
    const file = join(dir, 'programmes', 'hiv-child.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('\nsensitive: true\n');
    writeFileSync(file, text.replace('\nsensitive: true\n', '\nsensitive: "yes"\n'));
    expect(() => buildPack(dir)).toThrow(/hiv-child\.yaml.*sensitive/);
  });
});
