import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `ep_3kTMd9…`: a type prefix plus 22 base62 characters (~131 bits), unguessable and URL-safe.
 * (Rejection sampling keeps the characters uniform: 248 is the largest multiple of 62 below 256.)
 */
export function newId(prefix: 'ep' | 'key' | 'sec' | 'ten' | 'evt_test' | 'evt_vrf'): string {
  let id = '';
  while (id.length < 22) {
    for (const byte of randomBytes(32)) {
      if (byte < 248 && id.length < 22) id += ALPHABET[byte % 62];
    }
  }
  return `${prefix}_${id}`;
}
