/**
 * Sealing saved secrets (passwords, TLS client keys and certificates). The desktop app uses
 * Electron's safeStorage (OS keychain); the Node host uses AES-256-GCM with a key kept outside
 * the workspace database: `DBW_SECRET_KEY` (64 hex chars) when set, else a random key file
 * created with mode 0600 beside it. Secrets are never written in clear text and never sent back
 * to the renderer. Whether the key is still the one that sealed them is checked by
 * ConnectionsRepo.keyStatus.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';

/** Seals and opens secrets. */
export interface SecretBox {
  /** How secrets are kept, for the About panel and README ("OS keychain", "AES-256-GCM, key file ..."). */
  readonly description: string;
  /** Where the key comes from, to tell the user what to restore when secrets no longer open. */
  readonly keySource: string;
  /** True when this start created a new key (the key file was missing). */
  readonly createdKey: boolean;
  seal(plain: string): string;
  open(sealed: string): string;
}

/** AES-256-GCM with a 32-byte key. Format: v1:<iv b64>:<tag b64>:<ciphertext b64>. */
export function aesSecretBox(key: Buffer, description: string, keySource = 'the secret key', createdKey = false): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
  return {
    description,
    keySource,
    createdKey,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split(':');
      if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unreadable sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/** The Node host's box: key from DBW_SECRET_KEY, or a 0600 key file created on first use. */
export function nodeSecretBox(keyFile: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
  const fromEnv = env.DBW_SECRET_KEY;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('DBW_SECRET_KEY must be 64 hex characters (32 bytes)');
    return aesSecretBox(Buffer.from(fromEnv, 'hex'), 'AES-256-GCM, key from DBW_SECRET_KEY', 'DBW_SECRET_KEY');
  }
  const createdKey = !existsSync(keyFile);
  if (createdKey) writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  const hex = readFileSync(keyFile, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`The key file ${keyFile} is damaged`);
  return aesSecretBox(Buffer.from(hex, 'hex'), `AES-256-GCM, key file ${keyFile} (mode 0600)`, `the key file ${keyFile}`, createdKey);
}
