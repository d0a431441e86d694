import axios from 'axios';

// The access token lives in memory only: no script injected into the page can read it from storage.
// The refresh token never reaches JavaScript: the API keeps it in an HttpOnly, Secure,
// SameSite=Strict cookie sent only to /api/token/refresh/ and /api/logout/. On a reload the SPA
// asks /api/token/refresh/ for a new access token (the browser sends the cookie by itself).
let accessToken = null;

export const tokens = {
  get access() {
    return accessToken;
  },
  set(access) {
    if (access) accessToken = access;
  },
  clear() {
    accessToken = null;
  },
};

const api = axios.create({
  baseURL: '/api',
  // The UI is Spanish: ask for Spanish messages whatever the browser's language.
  headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': 'es' },
});

let authFailureHandler = null;

/** Registers what happens when the session can no longer be refreshed. */
export function onAuthFailure(handler) {
  authFailureHandler = handler;
  return () => {
    if (authFailureHandler === handler) authFailureHandler = null;
  };
}

function handleAuthFailure() {
  tokens.clear();
  if (authFailureHandler) {
    authFailureHandler();
  } else if (typeof window !== 'undefined' && window.location.pathname !== '/login') {
    window.location.assign('/login');
  }
}

api.interceptors.request.use((config) => {
  const access = tokens.access;
  if (access && !config.skipAuth) {
    config.headers = config.headers || {};
    config.headers.Authorization = `Bearer ${access}`;
  }
  return config;
});

// Every 401 arriving while a refresh is in flight waits for that same refresh.
let refreshPromise = null;

export function refreshAccessToken() {
  if (!refreshPromise) {
    refreshPromise = (async () => {
      // Empty body: the refresh token travels in the HttpOnly cookie, and the rotated one comes back in it.
      const { data } = await api.post('/token/refresh/', {}, { skipAuth: true, skipAuthRefresh: true });
      tokens.set(data.access);
      return data.access;
    })().finally(() => {
      refreshPromise = null;
    });
  }
  return refreshPromise;
}

api.interceptors.response.use(
  (response) => response,
  async (error) => {
    const { config, response } = error;
    if (!config || !response || response.status !== 401 || config.skipAuthRefresh || config._retried) {
      return Promise.reject(error);
    }
    config._retried = true;
    let access;
    try {
      access = await refreshAccessToken();
    } catch {
      handleAuthFailure();
      return Promise.reject(error);
    }
    config.headers = config.headers || {};
    config.headers.Authorization = `Bearer ${access}`;
    return api(config);
  },
);

export async function login(username, password) {
  // `cookie: true`: the refresh token goes only into the HttpOnly cookie, never into this answer.
  const { data } = await api.post(
    '/login/',
    { username, password, cookie: true },
    { skipAuth: true, skipAuthRefresh: true },
  );
  tokens.set(data.access);
  return data;
}

export async function logout() {
  try {
    // The cookie carries the refresh token; the API blacklists it and deletes the cookie.
    if (tokens.access) await api.post('/logout/', {}, { skipAuthRefresh: true });
  } catch {
    // The local session ends even when the server cannot be told.
  } finally {
    tokens.clear();
  }
}

/** Builds a v4 UUID, also outside secure contexts where crypto.randomUUID is missing. */
export function newIdempotencyKey() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i += 1) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export default api;
