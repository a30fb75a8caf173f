import { describe, expect, it } from 'vitest';
import {
  MIN_PBKDF2_ITERATIONS, deriveKey, fromBase64, generateDataKey, isWrongKey, newPbkdf2Params, openJson, pbkdf2Iterations,
  sealJson, toBase64, unwrapDataKey, wrapDataKey,
} from '../../src/storage/crypto';
import { FAST } from './helpers';

describe('crypto building blocks', () => {
  it('production PBKDF2 cost is at least 600,000 iterations with a 16-byte salt (time printed)', async () => {
    expect(MIN_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(pbkdf2Iterations()).toBe(MIN_PBKDF2_ITERATIONS);
    const p = newPbkdf2Params();
    expect(p).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: MIN_PBKDF2_ITERATIONS });
    expect(fromBase64(p.salt)).toHaveLength(16);
    const t = performance.now();
    await deriveKey('正确的密码', p, ['wrapKey', 'unwrapKey']);
    console.log(`[measure] PBKDF2-SHA256 ${p.iterations} iterations (Node): ${(performance.now() - t).toFixed(0)} ms`);
  });

  it('only the explicitly named test option lowers the cost, and it must be a positive integer', () => {
    expect(pbkdf2Iterations(FAST)).toBe(1000);
    expect(pbkdf2Iterations({})).toBe(MIN_PBKDF2_ITERATIONS);
    expect(() => pbkdf2Iterations({ unsafeTestIterations: 0 })).toThrow(RangeError);
    expect(() => pbkdf2Iterations({ unsafeTestIterations: 1.5 })).toThrow(RangeError);
  });

  it('salts differ, so the same passphrase gives different keys', () => {
    expect(newPbkdf2Params(FAST).salt).not.toBe(newPbkdf2Params(FAST).salt);
  });

  it('seals and opens JSON with a fresh 96-bit IV each time', async () => {
    const key = await generateDataKey();
    const value = { name: '王大爷家', n: [1, 2, { deep: true }] };
    const a = await sealJson(key, 'k1', value, 'profiles/p1');
    const b = await sealJson(key, 'k1', value, 'profiles/p1');
    expect(a.iv).toHaveLength(12);
    expect(toBase64(a.iv)).not.toBe(toBase64(b.iv));
    expect(toBase64(a.ct)).not.toBe(toBase64(b.ct));
    expect(Buffer.from(a.ct).toString('utf8')).not.toContain('王');
    expect(await openJson(key, a, 'profiles/p1')).toEqual(value);
  });

  it('refuses the wrong key, changed bytes, and a ciphertext moved to another record', async () => {
    const key = await generateDataKey();
    const s = await sealJson(key, 'k1', { a: 1 }, 'profiles/p1');
    const fail = async (p: Promise<unknown>) => {
      const e = await p.then(() => null, (x: unknown) => x);
      expect(isWrongKey(e)).toBe(true);
    };
    await fail(openJson(await generateDataKey(), s, 'profiles/p1'));
    await fail(openJson(key, s, 'profiles/p2'));
    const ct = new Uint8Array(s.ct.slice(0));
    ct[0]! ^= 1;
    await fail(openJson(key, { ...s, ct: ct.buffer }, 'profiles/p1'));
  });

  it('wraps a data key under a passphrase key; the wrong passphrase cannot unwrap it', async () => {
    const kdf = newPbkdf2Params(FAST);
    const kek = await deriveKey('right', kdf, ['wrapKey', 'unwrapKey']);
    const dek = await generateDataKey();
    const w = await wrapDataKey(dek, kek);
    const back = await unwrapDataKey(w, await deriveKey('right', kdf, ['wrapKey', 'unwrapKey']), false);
    expect(back.extractable).toBe(false);
    expect(await openJson(back, await sealJson(dek, 'k', 'x', 'a'), 'a')).toBe('x');
    const e = await unwrapDataKey(w, await deriveKey('wrong', kdf, ['wrapKey', 'unwrapKey']), false).catch((x: unknown) => x);
    expect(isWrongKey(e)).toBe(true);
  });

  it('normalises the passphrase (NFC), so the same characters typed differently unlock', async () => {
    const kdf = newPbkdf2Params(FAST);
    const kek1 = await deriveKey('caf\u00e9', kdf, ['wrapKey', 'unwrapKey']);
    const kek2 = await deriveKey('cafe\u0301', kdf, ['wrapKey', 'unwrapKey']);
    const w = await wrapDataKey(await generateDataKey(), kek1);
    await expect(unwrapDataKey(w, kek2, false)).resolves.toBeDefined();
  });

  it('base64 round-trips large buffers', () => {
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(Buffer.from(fromBase64(toBase64(big))).equals(Buffer.from(big))).toBe(true);
    expect(toBase64(new Uint8Array([0, 255, 1]))).toBe('AP8B');
  });
});
