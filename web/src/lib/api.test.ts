import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiBytes, apiText, setCsrfToken, setUnauthorizedHandler } from './api';

const answer = (status: number, body: string) => vi.fn(async (_url: string, _init?: RequestInit) => new Response(body, { status }));
const refusal = (code: string, message: string) => JSON.stringify({ error: { code, message } });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(() => undefined);
});

describe('the one fetch helper', () => {
  it("returns a file's content as text, asked for under /api/v1 with the session cookie", async () => {
    const fetch = answer(200, 'a,b\n1,2\n');
    vi.stubGlobal('fetch', fetch);
    await expect(apiText('/packages/p1/files/f1/content?version=1')).resolves.toBe('a,b\n1,2\n');
    expect(fetch).toHaveBeenCalledWith('/api/v1/packages/p1/files/f1/content?version=1', expect.objectContaining({ method: 'GET', credentials: 'same-origin' }));
  });

  it('returns the bytes untouched', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(new Uint8Array([0, 255, 7]), { status: 200 })),
    );
    expect([...new Uint8Array(await apiBytes('/x'))]).toEqual([0, 255, 7]);
  });

  it('sends a text request that ends in 401 to the same sign-in handler as a JSON one, and forgets the CSRF token', async () => {
    const signIn = vi.fn();
    setUnauthorizedHandler(signIn);
    setCsrfToken('t1');
    vi.stubGlobal('fetch', answer(401, refusal('auth.required', 'Sign in first.')));
    await expect(apiText('/x')).rejects.toMatchObject({ code: 'auth.required', message: 'Sign in first.', status: 401 });
    expect(signIn).toHaveBeenCalledTimes(1);

    const fetch = answer(200, '{}');
    vi.stubGlobal('fetch', fetch);
    await api('/y', { method: 'POST', body: {} });
    expect(fetch.mock.calls[0]?.[1]?.headers).not.toHaveProperty('x-csrf-token');
  });

  it('leaves a 401 to the caller when told to', async () => {
    const signIn = vi.fn();
    setUnauthorizedHandler(signIn);
    vi.stubGlobal('fetch', answer(401, refusal('auth.invalid', 'Wrong password.')));
    await expect(apiText('/x', { allowUnauthorized: true })).rejects.toBeInstanceOf(ApiError);
    expect(signIn).not.toHaveBeenCalled();
  });

  it('maps a refusal to its code, any other failure to a plain message, and no answer to a network error', async () => {
    vi.stubGlobal('fetch', answer(404, refusal('file.not_found', 'No such file.')));
    await expect(apiText('/x')).rejects.toMatchObject({ code: 'file.not_found', status: 404 });
    vi.stubGlobal('fetch', answer(502, '<html>bad gateway</html>'));
    await expect(apiText('/x')).rejects.toMatchObject({ code: 'http', message: 'The server answered 502. Please try again.' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiText('/x')).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('sends the CSRF token on a mutation but not on a read', async () => {
    setCsrfToken('t2');
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await expect(api('/z', { method: 'DELETE' })).resolves.toBeUndefined();
    await apiText('/z');
    expect(fetch.mock.calls[0]?.[1]?.headers).toMatchObject({ 'x-csrf-token': 't2' });
    expect(fetch.mock.calls[1]?.[1]?.headers).not.toHaveProperty('x-csrf-token');
  });
});
