/**
 * Region files: made and signed by the scripts (through a real pipe), verified against trusted keys, refused with
 * a reason when tampered with or malformed, and turned into `published` figures carrying the publisher.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPackFromDisk, ROOT } from '../../src/build/pack-file';
import { compilePack } from '../../src/engine/compile';
import { evaluate } from '../../src/engine/evaluate';
import { withFigures } from '../../src/engine/overlay';
import { figuresOf, readKeyFile, readRegionFile, RegionFileError, type TrustedKey } from '../../src/shared/region-file';

const pack = loadPackFromDisk();
const dir = mkdtempSync(join(tmpdir(), 'huimin-region-file-'));
const node = (script: string, args: string[], input?: string) =>
  spawnSync('bash', ['-c', `set -o pipefail; node --import tsx ${script} "$@" | cat`, 'x', ...args], { cwd: ROOT, encoding: 'utf8', input });

// One key pair and one signed file for the whole suite (the scripts are what an office would run).
execFileSync('node', ['--import', 'tsx', 'src/build/region-key.ts', '--publisher', '江门市民政局', '--out', join(dir, 'office')], { cwd: ROOT });
const signed = node('src/build/region-file.ts', ['rules/regions/cn-gd-jiangmen.yaml', '--key', join(dir, 'office.private.json'), '--issued', '2026-12-01']);

async function trustedKeys(): Promise<TrustedKey[]> {
  const k = await readKeyFile(readFileSync(join(dir, 'office.public.json'), 'utf8'));
  return [{ ...k, addedAt: '2026-12-02' }];
}

async function refusal(text: string, trusted: TrustedKey[] = []): Promise<RegionFileError> {
  try {
    await readRegionFile(text, trusted, pack);
  } catch (e) {
    if (e instanceof RegionFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('region files', () => {
  it('writes a signed file to standard output through a pipe', () => {
    expect(signed.status).toBe(0);
    const file = JSON.parse(signed.stdout) as { format: string; payload: string };
    expect(file.format).toBe('huimin-region-file');
    const payload = JSON.parse(file.payload) as { publisher: { name: string }; issued: string; region: { code: string }; parameters: Record<string, unknown> };
    // Every figure Jiangmen's rule file sets, and only those.
    const own = Object.entries(pack.parameters).filter(([, d]) => d.values['cn-gd-jiangmen']?.length).map(([id]) => id);
    expect(Object.keys(payload.parameters).sort()).toEqual(own.sort());
    expect(signed.stderr).toContain(`cn-gd-jiangmen: ${own.length} 项数字`);
    expect(payload).toMatchObject({ publisher: { name: '江门市民政局' }, issued: '2026-12-01', region: { code: '440700' } });
    expect(Object.keys(payload.parameters)).toContain('dibao.standard.urban');
  });

  it('verifies against a trusted key and gives published figures that carry the publisher', async () => {
    const v = await readRegionFile(signed.stdout, await trustedKeys(), pack);
    expect(v.trustedAs?.name).toBe('江门市民政局');
    const figures = figuresOf(v, 'cn-gd-jiangmen', '2026-12-02');
    const known = Object.values(pack.parameters).flatMap((d) => (d.values['cn-gd-jiangmen'] ?? []).filter((v) => v.value !== null && typeof v.value !== 'string'));
    expect(figures.length).toBe(known.length);
    expect(figures[0]).toMatchObject({ strength: 'published', code: '440700', entered: { at: '2026-12-02', publisher: { name: '江门市民政局', issued: '2026-12-01' } } });
    expect(figures[0]!.entered.source).toMatch(/^江门市民政局：/);
    // Jiangmen's own figures are already shipped: a shipped figure of the same date wins.
    const cp = compilePack(pack);
    const over = withFigures(cp, figures);
    const h = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/jiangmen-couple.json'), 'utf8'));
    expect(evaluate(h, over, { date: '2025-08-01' }).programs.find((p) => p.id === 'dibao')!.figures!.every((f) => f.strength !== 'published')).toBe(true);
  });

  it('says when the key is not trusted yet (the signature itself is good)', async () => {
    const v = await readRegionFile(signed.stdout, [], pack);
    expect(v.trustedAs).toBeNull();
    expect(v.keyId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a file changed after signing, whatever was changed', async () => {
    const file = JSON.parse(signed.stdout) as { payload: string; signature: { value: string } };
    const figure = { ...file, payload: file.payload.replace('"value":950', '"value":1950') };
    expect(figure.payload).not.toBe(file.payload);
    expect((await refusal(JSON.stringify(figure), await trustedKeys())).code).toBe('tampered');
    const publisher = { ...file, payload: file.payload.replace('江门市民政局', '假冒的民政局') };
    expect((await refusal(JSON.stringify(publisher), await trustedKeys())).code).toBe('tampered');
    const sig = { ...file, signature: { ...file.signature, value: file.signature.value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } };
    expect((await refusal(JSON.stringify(sig), await trustedKeys())).code).toBe('tampered');
    const e = await refusal(JSON.stringify(figure));
    expect(e.zh).toMatch(/签名不符/);
    expect(e.en).toMatch(/changed after it was signed/);
  });

  it('refuses a malformed file with the reason', async () => {
    expect((await refusal('{not json')).code).toBe('malformed-json');
    expect((await refusal(JSON.stringify({ format: 'huimin-export', formatVersion: 1 }))).code).toBe('not-region-file');
    expect((await refusal(JSON.stringify({ format: 'huimin-region-file', formatVersion: 2 }))).code).toBe('unsupported-version');
    expect((await refusal(JSON.stringify({ format: 'huimin-region-file', formatVersion: 1, payload: '{}' }))).code).toBe('bad-signature');
  });

  it('refuses a correctly signed file whose figures this app does not know', async () => {
    const file = JSON.parse(signed.stdout) as { payload: string };
    // Re-sign a payload with an unknown parameter, as a newer rules version might write it.
    const { signRegionFile } = await import('../../src/shared/region-file');
    const key = JSON.parse(readFileSync(join(dir, 'office.private.json'), 'utf8')) as { privateKey: JsonWebKey };
    const payload = JSON.parse(file.payload) as { parameters: Record<string, unknown> };
    payload.parameters['dibao.newThing'] = { label: { zh: '新', en: 'New' }, unit: 'yuan-month', values: [{ from: '2026-01-01', value: 1, strength: 'seed', source: { doc: 'seed-004' } }] };
    const e = await refusal(await signRegionFile(payload as never, key.privateKey), await trustedKeys());
    expect(e.code).toBe('invalid-content');
    expect(e.zh).toMatch(/dibao\.newThing/);
    // Worded as a malformed household is (engine/malformed.ts), naming the field in both languages.
    expect(e.path).toBe('parameters.dibao.newThing');
    expect(e.zh).toBe('地区数据文件格式有误（parameters.dibao.newThing）：本应用不认识“dibao.newThing”，请先更新应用');
    expect(e.en).toBe('malformed region file at parameters.dibao.newThing: this app does not know "dibao.newThing": update it first');
  });

  it('will not sign a region file the build would reject, and lists the problem', () => {
    const bad = readFileSync(join(ROOT, 'rules/regions/cn-gd-jiangmen.yaml'), 'utf8').replace('全市低保标准为每人每月950元 }', '全市低保标准为每人每月9500元 }');
    const file = join(dir, 'cn-gd-jiangmen.yaml');
    writeFileSync(file, bad);
    const r = node('src/build/region-file.ts', [file, '--key', join(dir, 'office.private.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/is not in seed/);
    const noKey = node('src/build/region-file.ts', ['rules/regions/cn-gd-jiangmen.yaml']);
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toMatch(/usage/);
  });
});
