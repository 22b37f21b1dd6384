import type { ApiError, ErrorCode, ErrorDetails } from '../errors';

/** A refused or failed API call, with the server's typed code (or NETWORK_ERROR when it was unreachable). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK_ERROR',
    message: string,
    /** Extra fields of the answer's `error` (`retryAt` of TOO_EARLY, `serviceId` of APPOINTMENT_MISSED). */
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls the Navbat API from a browser app (same origin, session cookie included) and returns the
 * parsed JSON, `null` for 204, or throws ApiRequestError.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRequestWithStatus<T>(path, options)).body;
}

/** `apiRequest`, also answering the success status (e.g. check-in's 201 "issued now" against 200 "the same ticket again"). */
export async function apiRequestWithStatus<T>(path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : null,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'NETWORK_ERROR', 'the server cannot be reached');
  }
  if (response.status === 204) return { status: 204, body: null as T };
  const type = response.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const err = (payload as ApiError | null)?.error;
    const { code, message, ...details } = err ?? { code: 'INTERNAL_ERROR' as const, message: `HTTP ${response.status}` };
    throw new ApiRequestError(response.status, code ?? 'INTERNAL_ERROR', message ?? `HTTP ${response.status}`, details);
  }
  return { status: response.status, body: payload as T };
}

/** A fresh Idempotency-Key for one intended action (reuse it on retries of that action). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
