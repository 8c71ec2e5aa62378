/**
 * Registration-time URL rules that need no network: the scheme (https, or http where configuration allows)
 * and no credentials in the URL. Returns the reason it is refused, or undefined. Whether the host may be
 * contacted at all is the egress check's job (it needs DNS).
 */
export function endpointUrlProblem(rawUrl: string, allowHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'url is not a valid absolute URL';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return allowHttp ? 'url must use http or https' : 'url must use https';
  }
  if (url.username !== '' || url.password !== '') return 'url must not contain credentials';
  if (url.hostname === '') return 'url must name a host';
  return undefined;
}
