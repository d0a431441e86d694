import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import api, { login, logout, onAuthFailure, tokens } from './client';
import { authOf, bodyOf, mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

describe('axios client', () => {
  beforeEach(() => tokens.set('old-access'));

  it('sends the access token as a Bearer header under /api', async () => {
    mock = mockApi(() => [200, { ok: true }]);
    await api.get('/productos/');
    expect(mock.calls[0].baseURL).toBe('/api');
    expect(authOf(mock.calls[0])).toBe('Bearer old-access');
    expect(mock.calls[0].headers['Accept-Language']).toBe('es');
  });

  it('refreshes once on a 401 through the cookie, keeps the new access token in memory and retries', async () => {
    mock = mockApi((config) => {
      if (pathOf(config) === '/token/refresh/') return [200, { access: 'new-access', refresh: 'new-refresh' }];
      return authOf(config) === 'Bearer new-access' ? [200, { id: 1 }] : [401, { error: 'Token caducado', codigo: 'token_not_valid' }];
    });
    const { data } = await api.get('/me/');
    expect(data).toEqual({ id: 1 });
    const refreshCalls = mock.calls.filter((c) => pathOf(c) === '/token/refresh/');
    expect(refreshCalls).toHaveLength(1);
    // The refresh token is in the HttpOnly cookie, which the browser sends: the body is empty.
    expect(bodyOf(refreshCalls[0])).toEqual({});
    expect(authOf(refreshCalls[0])).toBeUndefined();
    expect(tokens.access).toBe('new-access');
    expect(JSON.stringify({ ...localStorage })).not.toContain('new-');
    expect(mock.calls.map(pathOf)).toEqual(['/me/', '/token/refresh/', '/me/']);
  });

  it('logs in asking for the refresh token in the cookie only and stores nothing in localStorage', async () => {
    tokens.clear();
    mock = mockApi(() => [200, { access: 'la-access', usuario: { id: 1 } }]);
    await login('ana', 'secreta');
    expect(bodyOf(mock.calls[0])).toEqual({ username: 'ana', password: 'secreta', cookie: true });
    expect(tokens.access).toBe('la-access');
    expect(localStorage.length).toBe(0);
  });

  it('shares a single refresh call between concurrent 401s', async () => {
    let release;
    const gate = new Promise((r) => {
      release = r;
    });
    mock = mockApi(async (config) => {
      if (pathOf(config) === '/token/refresh/') {
        await gate;
        return [200, { access: 'new-access', refresh: 'new-refresh' }];
      }
      return authOf(config) === 'Bearer new-access' ? [200, { url: pathOf(config) }] : [401, {}];
    });
    const pending = Promise.all([api.get('/a/'), api.get('/b/'), api.get('/c/')]);
    await new Promise((r) => setTimeout(r, 10));
    release();
    const results = await pending;
    expect(results.map((r) => r.data.url)).toEqual(['/a/', '/b/', '/c/']);
    expect(mock.calls.filter((c) => pathOf(c) === '/token/refresh/')).toHaveLength(1);
  });

  it('logs out when the refresh fails', async () => {
    const failure = vi.fn();
    const off = onAuthFailure(failure);
    mock = mockApi((config) =>
      pathOf(config) === '/token/refresh/' ? [401, { error: 'Token inválido', codigo: 'token_not_valid' }] : [401, {}],
    );
    await expect(api.get('/me/')).rejects.toMatchObject({ response: { status: 401 } });
    expect(failure).toHaveBeenCalledTimes(1);
    expect(tokens.access).toBeNull();
    off();
  });

  it('does not loop when the retried request is still unauthorised', async () => {
    const off = onAuthFailure(() => {});
    mock = mockApi((config) => (pathOf(config) === '/token/refresh/' ? [200, { access: 'new-access' }] : [401, {}]));
    await expect(api.get('/me/')).rejects.toBeTruthy();
    expect(mock.calls.map(pathOf)).toEqual(['/me/', '/token/refresh/', '/me/']);
    off();
  });

  it('does not try to refresh a failed login', async () => {
    mock = mockApi(() => [401, { error: 'Credenciales inválidas', codigo: 'credenciales_invalidas' }]);
    await expect(api.post('/login/', {}, { skipAuth: true, skipAuthRefresh: true })).rejects.toBeTruthy();
    expect(mock.calls).toHaveLength(1);
  });

  it('logout tells the API (the cookie carries the refresh token) and forgets the access token', async () => {
    mock = mockApi(() => [200, { mensaje: 'Sesión cerrada' }]);
    await logout();
    expect(pathOf(mock.calls[0])).toBe('/logout/');
    expect(bodyOf(mock.calls[0])).toEqual({});
    expect(authOf(mock.calls[0])).toBe('Bearer old-access');
    expect(tokens.access).toBeNull();
  });
});
