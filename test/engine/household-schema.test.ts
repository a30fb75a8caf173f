/**
 * The published JSON Schema (src/engine/household.schema.json) and the engine's own validator describe the same
 * format: the fixtures pass both, and households broken in typical ways fail both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { HOUSEHOLD_KEYS, MEMBER_KEYS, validateHousehold } from '../../src/engine/validate';

const ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'src', 'engine', 'household.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const check = ajv.compile(schema);

const good = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'jiangmen-couple.json'), 'utf8'));

const broken: [string, (h: Record<string, unknown>) => void][] = [
  ['no members', (h) => delete h.members],
  ['empty members', (h) => (h.members = [])],
  ['wrong version', (h) => (h.version = 2)],
  ['unknown field', (h) => (h.colour = 'red')],
  ['hukou not an option', (h) => (h.hukou = 'city')],
  ['negative income', (h) => ((h.members as Record<string, unknown>[])[0]!.income = { wages: -1 })],
  ['income kind unknown', (h) => ((h.members as Record<string, unknown>[])[0]!.income = { lottery: 10 })],
  ['age not whole', (h) => ((h.members as Record<string, unknown>[])[0]!.age = 4.5)],
  ['grade 5', (h) => ((h.members as Record<string, unknown>[])[1]!.disability = { certificate: true, grade: 5 })],
  ['parent situation unknown', (h) => ((h.members as Record<string, unknown>[])[0]!.father = 'abroad')],
  ['member without relation', (h) => delete (h.members as Record<string, unknown>[])[0]!.relation],
  ['status unknown', (h) => (h.statuses = ['rich'])],
];

describe('household format: schema and validator agree', () => {
  it('accepts the fixture', () => {
    expect(check(good), JSON.stringify(check.errors)).toBe(true);
    expect(validateHousehold(good).ok).toBe(true);
  });
  it.each(broken)('rejects: %s', (_name, breakIt) => {
    const h = structuredClone(good) as Record<string, unknown>;
    breakIt(h);
    expect(check(h)).toBe(false);
    const v = validateHousehold(h);
    expect(v.ok).toBe(false);
  });
  it('lists the same fields as the validator', () => {
    expect(Object.keys(schema.$defs.member.properties).sort()).toEqual([...MEMBER_KEYS].sort());
    expect(Object.keys(schema.properties).sort()).toEqual([...HOUSEHOLD_KEYS].sort());
  });
});
