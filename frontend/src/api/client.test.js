import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import api, { logout, onAuthFailure, tokens } from './client';
import { authOf, bodyOf, mockApi, pathOf } from '../test/mockApi';

let mock;
afterEach(() => mock?.restore());

describe('axios client', () => {
  beforeEach(() => tokens.set('old-access', 'old-refresh'));

  it('sends the access token as a Bearer header under /api', async () => {
    mock = mockApi(() => [200, { ok: true }]);
    await api.get('/productos/');
    expect(mock.calls[0].baseURL).toBe('/api');
    expect(authOf(mock.calls[0])).toBe('Bearer old-access');
    expect(mock.calls[0].headers['Accept-Language']).toBe('es');
  });

  it('refreshes once on a 401, stores the rotated tokens and retries the request', async () => {
    mock = mockApi((config) => {
      if (pathOf(config) === '/token/refresh/') return [200, { access: 'new-access', refresh: 'new-refresh' }];
      return authOf(config) === 'Bearer new-access' ? [200, { id: 1 }] : [401, { error: 'Token caducado', codigo: 'token_not_valid' }];
    });
    const { data } = await api.get('/me/');
    expect(data).toEqual({ id: 1 });
    const refreshCalls = mock.calls.filter((c) => pathOf(c) === '/token/refresh/');
    expect(refreshCalls).toHaveLength(1);
    expect(bodyOf(refreshCalls[0])).toEqual({ refresh: 'old-refresh' });
    expect(authOf(refreshCalls[0])).toBeUndefined();
    expect(tokens.access).toBe('new-access');
    expect(tokens.refresh).toBe('new-refresh');
    expect(mock.calls.map(pathOf)).toEqual(['/me/', '/token/refresh/', '/me/']);
  });

  it('keeps the old refresh token when the server does not rotate it', async () => {
    mock = mockApi((config) => {
      if (pathOf(config) === '/token/refresh/') return [200, { access: 'new-access' }];
      return authOf(config) === 'Bearer new-access' ? [200, {}] : [401, {}];
    });
    await api.get('/carrito/');
    expect(tokens.refresh).toBe('old-refresh');
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
    expect(tokens.refresh).toBeNull();
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

  it('logout sends the refresh token to the API and clears the tokens', async () => {
    mock = mockApi(() => [205, null]);
    await logout();
    expect(pathOf(mock.calls[0])).toBe('/logout/');
    expect(bodyOf(mock.calls[0])).toEqual({ refresh: 'old-refresh' });
    expect(tokens.access).toBeNull();
  });
});
