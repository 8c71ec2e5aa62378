/**
 * The one rule for endpoint URLs, shared by the subscription API (at write time) and the replicas in
 * delivery and health (when they apply a state record), so a URL one side accepts the other never skips.
 * URLs are parsed as WHATWG URLs, the parser undici sends with, and stored as their `href`: normalised, with
 * characters such as `|` or a space in the path percent-encoded.
 */

/** Registration-time rules that need no network; the reason a URL is refused, or undefined. */
export function endpointUrlProblem(rawUrl: string, allowHttp: boolean): string | undefined {
  const url = parseUrl(rawUrl);
  if (url === undefined) return 'url is not a valid absolute URL';
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return allowHttp ? 'url must use http or https' : 'url must use https';
  }
  if (url.username !== '' || url.password !== '') return 'url must not contain credentials';
  if (url.hostname === '') return 'url must name a host';
  return undefined;
}

/**
 * What a replica accepts in a state record: any URL the API could have stored (http or https; whether http
 * is allowed is the API's setting, checked when the URL was written).
 */
export function isEndpointUrl(rawUrl: string): boolean {
  return endpointUrlProblem(rawUrl, true) === undefined;
}

/** The URL as it is stored and sent to: its WHATWG `href`. A URL that does not parse is returned as it is. */
export function normalizeEndpointUrl(rawUrl: string): string {
  return parseUrl(rawUrl)?.href ?? rawUrl;
}

function parseUrl(rawUrl: string): URL | undefined {
  try {
    return new URL(rawUrl);
  } catch {
    return undefined;
  }
}
