/**
 * What a sealed secret belongs to. It is bound into the ciphertext as AES-GCM additional data, so a
 * ciphertext copied to another tenant, another endpoint or another field (a header value moved into the
 * signing-secret slot, or into another header) fails to decrypt instead of being used there.
 */
export interface SecretBinding {
  tenantId: string;
  endpointId: string;
  /** Which field of the endpoint: `signing-secret`, or `custom-header:<lowercase name>`. */
  purpose: string;
}

/** The binding of an endpoint's `whsec_` signing secrets. */
export function signingSecretBinding(tenantId: string, endpointId: string): SecretBinding {
  return { tenantId, endpointId, purpose: 'signing-secret' };
}

/** The binding of one custom header's value; header names ignore case. */
export function customHeaderBinding(tenantId: string, endpointId: string, headerName: string): SecretBinding {
  return { tenantId, endpointId, purpose: `custom-header:${headerName.toLowerCase()}` };
}

/**
 * The additional data for a binding. A JSON array is an unambiguous encoding (no field can run into the next,
 * whatever characters ids hold); the label keeps Hookline's AAD apart from anything else using the same key.
 */
export function bindingAdditionalData(binding: SecretBinding): Buffer {
  return Buffer.from(
    JSON.stringify(['hookline.secret-box.v2', binding.purpose, binding.tenantId, binding.endpointId]),
    'utf8',
  );
}
