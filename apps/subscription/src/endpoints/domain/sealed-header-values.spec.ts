import { randomBytes } from 'node:crypto';
import { SecretBox } from '@hookline/webhook-crypto';
import {
  HEADER_VALUE_MASK,
  headerValuesNeedSealing,
  hasPlaintextHeaderValues,
  maskHeaderValues,
  openHeaderValues,
  sealHeaderValues,
  unmaskRequestedHeaders,
} from './sealed-header-values';

const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
const owner = { tenantId: 'acme', endpointId: 'ep_1' };

describe('sealed custom header values', () => {
  it('seals every value so none is stored in plaintext, and opens them again', () => {
    const sealed = sealHeaderValues(
      { authorization: 'Bearer receiver-token', 'x-team': 'billing' },
      box,
      owner,
    );
    expect(Object.keys(sealed)).toEqual(['authorization', 'x-team']);
    expect(JSON.stringify(sealed)).not.toMatch(/receiver-token|billing/);
    expect(hasPlaintextHeaderValues(sealed)).toBe(false);
    expect(openHeaderValues(sealed, box, owner)).toEqual({
      authorization: 'Bearer receiver-token',
      'x-team': 'billing',
    });
  });

  it('binds each value to its header: a value moved to another header does not open', () => {
    const sealed = sealHeaderValues({ authorization: 'Bearer receiver-token' }, box, owner);
    expect(() => openHeaderValues({ 'x-other': sealed.authorization }, box, owner)).toThrow();
    expect(() => openHeaderValues(sealed, box, { ...owner, endpointId: 'ep_2' })).toThrow();
  });

  it('reads values stored in plaintext before sealing, and says they are there', () => {
    const mixed = { ...sealHeaderValues({ 'x-new': 'sealed-one' }, box, owner), 'x-old': 'legacy-plaintext' };
    expect(hasPlaintextHeaderValues(mixed)).toBe(true);
    expect(openHeaderValues(mixed, box, owner)).toEqual({
      'x-new': 'sealed-one',
      'x-old': 'legacy-plaintext',
    });
  });

  it('finds values to re-seal: plaintext ones and ones sealed with an older key', () => {
    const rotated = new SecretBox([
      { id: 'k2', key: randomBytes(32) },
      { id: 'k1', key: randomBytes(32) },
    ]);
    const current = sealHeaderValues({ 'x-a': 'a' }, rotated, owner);
    const older = sealHeaderValues({ 'x-a': 'a' }, box, owner);
    expect(headerValuesNeedSealing(current, rotated)).toBe(false);
    expect(headerValuesNeedSealing(older, rotated)).toBe(true);
    expect(headerValuesNeedSealing({ ...current, 'x-old': 'plain' }, rotated)).toBe(true);
    expect(headerValuesNeedSealing({}, rotated)).toBe(false);
  });

  it('shows names and masks every value, sealed or legacy', () => {
    const stored = { ...sealHeaderValues({ authorization: 'Bearer t' }, box, owner), 'x-old': 'legacy' };
    expect(maskHeaderValues(stored)).toEqual({
      authorization: HEADER_VALUE_MASK,
      'x-old': HEADER_VALUE_MASK,
    });
  });

  it('keeps the current value where a replacement sends the mask back, and takes new values as given', () => {
    expect(
      unmaskRequestedHeaders(
        { authorization: HEADER_VALUE_MASK, 'x-team': 'support' },
        { authorization: 'Bearer kept', 'x-team': 'billing', 'x-dropped': 'gone' },
      ),
    ).toEqual({ headers: { authorization: 'Bearer kept', 'x-team': 'support' } });
  });

  it('refuses the mask for a header that has no value to keep, including inherited names', () => {
    for (const name of ['x-new', 'constructor', '__proto__']) {
      expect(unmaskRequestedHeaders({ [name]: HEADER_VALUE_MASK }, {})).toEqual({
        problems: [{ field: `headers.${name}`, message: expect.stringMatching(/mask/) as unknown }],
      });
    }
  });
});
