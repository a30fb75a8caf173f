/**
 * npm run rules:region-key -- --publisher "镇雄县民政局" --out office
 *
 * Makes an office's key pair for signing region files (ECDSA P-256): `office.private.json` (keep it secret: whoever
 * has it can publish figures in the office's name; written readable by its owner only) and `office.public.json`
 * (hand it out, e.g. with the notice, so caseworkers can trust the office's files). Prints the key's fingerprint,
 * which the app shows before anyone trusts it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatKeyId, makeKeyPair } from '../shared/region-file';

export const PRIVATE_KEY_FORMAT = 'huimin-region-private-key';

export async function main(argv: string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const publisher = arg('--publisher')?.trim();
  const out = arg('--out');
  if (!publisher || !out) {
    process.stderr.write('用法 / usage: npm run rules:region-key -- --publisher "XX县民政局" --out FILE-PREFIX\n');
    return 2;
  }
  const priv = `${out}.private.json`;
  const pub = `${out}.public.json`;
  if (existsSync(priv) && !argv.includes('--force')) {
    process.stderr.write(`${priv} 已存在，不覆盖（加 --force 覆盖）/ ${priv} exists and is not overwritten (add --force)\n`);
    return 2;
  }
  const { privateJwk, publicFile } = await makeKeyPair(publisher);
  writeFileSync(priv, `${JSON.stringify({ format: PRIVATE_KEY_FORMAT, formatVersion: 1, publisher, keyId: publicFile.keyId, privateKey: privateJwk }, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(pub, `${JSON.stringify(publicFile, null, 2)}\n`);
  process.stderr.write(`${priv}（私钥，保密 / private key, keep secret）\n${pub}（公钥，可分发 / public key, hand it out）\n`);
  process.stdout.write(`${formatKeyId(publicFile.keyId)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
