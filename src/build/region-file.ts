/**
 * npm run rules:region-file -- rules/regions/<id>.yaml --key office.private.json [--issued YYYY-MM-DD] [--out FILE]
 *
 * Writes a region file an office can publish: the region's dated figures with their sources, signed with the
 * office's key (src/shared/region-file.ts). The region file is validated exactly as the build validates rules —
 * the whole rule pack is built with it (a file outside rules/regions is checked in a copy of rules/ that includes
 * it), and its code is checked against the national catalogue — so a file that would fail the build is never
 * signed. The file goes to standard output unless --out names one; messages go to standard error.
 * Exit codes: 0 written, 2 invalid input (every problem listed), 1 internal error.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RulePack } from '../engine/pack';
import { formatKeyId, keyIdOf, signRegionFile, type RegionFilePayload } from '../shared/region-file';
import { RULES_DIR } from './pack-file';
import { cachedCatalogue, checkRegionCodes, readRegionHeads } from './region-catalogue';
import { PRIVATE_KEY_FORMAT } from './region-key';
import { buildPack, RuleBuildError } from './rules';

class InputError extends Error {}

/** Build the pack the way the app build does, with `file` among the regions. */
function validatedPack(file: string): { pack: RulePack; id: string } {
  const id = basename(file, '.yaml');
  const inRules = resolve(dirname(file)) === resolve(RULES_DIR, 'regions');
  let dir = RULES_DIR;
  let tmp: string | null = null;
  if (!inRules) {
    tmp = mkdtempSync(join(tmpdir(), 'huimin-region-file-'));
    dir = join(tmp, 'rules');
    cpSync(RULES_DIR, dir, { recursive: true });
    cpSync(file, join(dir, 'regions', `${id}.yaml`));
  }
  try {
    const pack = buildPack(dir, { published: id });
    const codes = checkRegionCodes(cachedCatalogue(), readRegionHeads(dir));
    if (codes.length) throw new InputError(codes.join('\n'));
    if (!pack.regions[id]) throw new InputError(`${file}: not a region file (no region "${id}")`);
    return { pack, id };
  } catch (e) {
    if (e instanceof RuleBuildError) throw new InputError(e.message);
    throw e;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

export function payloadFor(pack: RulePack, id: string, publisher: string, issued: string): RegionFilePayload {
  const r = pack.regions[id]!;
  const parameters: RegionFilePayload['parameters'] = {};
  const sources: RegionFilePayload['sources'] = {};
  for (const [pid, def] of Object.entries(pack.parameters)) {
    const values = def.values[id];
    if (!values?.length) continue;
    parameters[pid] = { label: def.label, unit: def.unit, values };
    for (const v of values) if (pack.sources[v.source.doc]) sources[v.source.doc] = pack.sources[v.source.doc]!;
  }
  if (Object.keys(parameters).length === 0) throw new InputError(`${id}: the region sets no figures of its own, so there is nothing to publish`);
  return { region: { id, ...(r.code ? { code: r.code } : {}), name: r.name, parent: r.parent }, publisher: { name: publisher }, issued, rulesVersion: pack.version, parameters, sources };
}

export async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const file = argv.find((a, i) => !a.startsWith('--') && !['--key', '--issued', '--out', '--publisher'].includes(argv[i - 1] ?? ''));
  const keyFile = arg('--key');
  const issued = arg('--issued') ?? new Date().toISOString().slice(0, 10);
  const out = arg('--out');
  try {
    if (!file || !keyFile) throw new InputError('用法 / usage: npm run rules:region-file -- rules/regions/<id>.yaml --key office.private.json [--issued YYYY-MM-DD] [--out FILE]');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(issued) || Number.isNaN(Date.parse(issued))) throw new InputError(`--issued ${issued}: 日期应为 YYYY-MM-DD / the date must be YYYY-MM-DD`);
    let key: { format?: string; publisher?: string; privateKey?: JsonWebKey };
    try {
      key = JSON.parse(readFileSync(keyFile, 'utf8')) as typeof key;
    } catch (e) {
      throw new InputError(`${keyFile}: 无法读取私钥文件 / cannot read the private key file (${(e as Error).message})`);
    }
    if (key.format !== PRIVATE_KEY_FORMAT || !key.privateKey?.d) throw new InputError(`${keyFile}: 不是 rules:region-key 生成的私钥文件 / not a private key file made by rules:region-key`);
    const publisher = arg('--publisher') ?? key.publisher ?? '';
    const { pack, id } = validatedPack(file);
    const payload = payloadFor(pack, id, publisher, issued);
    const text = await signRegionFile(payload, key.privateKey);
    if (out && out !== '-') writeFileSync(out, text);
    else process.stdout.write(text);
    const keyId = await keyIdOf({ kty: 'EC', crv: 'P-256', x: String(key.privateKey.x), y: String(key.privateKey.y) });
    process.stderr.write(`${id}: ${Object.keys(payload.parameters).length} 项数字 / figures, ${publisher}, ${issued}, 密钥 / key ${formatKeyId(keyId)}${out && out !== '-' ? ` → ${out}` : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    process.stderr.write(`内部错误 / internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
