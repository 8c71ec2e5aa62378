/** One Hookline API call from the console: same origin (the front door), the signed-in token as Bearer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  message?: string | string[];
  errors?: Array<{ field: string; message: string }>;
}

/** Calls longer than this fail in the console instead of spinning forever. */
const REQUEST_TIMEOUT_MS = 30_000;

export async function callApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      // The token travels in a header only; nothing about it is cached or sent elsewhere.
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiError(0, `Hookline did not answer (${(error as Error).message})`);
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const errorBody = (parsed ?? {}) as ErrorBody;
    const message = Array.isArray(errorBody.message)
      ? errorBody.message.join('; ')
      : (errorBody.message ?? `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, message, errorBody.errors ?? []);
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** `?a=1&b=2` from the defined entries only. */
export function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== '');
  if (entries.length === 0) return '';
  return `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}`;
}
