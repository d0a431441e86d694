import axios from 'axios';

// Token storage lives in localStorage so a reload keeps the session.
const ACCESS_KEY = 'tienda.access';
const REFRESH_KEY = 'tienda.refresh';

export const tokens = {
  get access() {
    return localStorage.getItem(ACCESS_KEY);
  },
  get refresh() {
    return localStorage.getItem(REFRESH_KEY);
  },
  set(access, refresh) {
    if (access) localStorage.setItem(ACCESS_KEY, access);
    if (refresh) localStorage.setItem(REFRESH_KEY, refresh);
  },
  clear() {
    localStorage.removeItem(ACCESS_KEY);
    localStorage.removeItem(REFRESH_KEY);
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
    const refresh = tokens.refresh;
    refreshPromise = (async () => {
      if (!refresh) throw new Error('Sin token de refresco');
      const { data } = await api.post(
        '/token/refresh/',
        { refresh },
        { skipAuth: true, skipAuthRefresh: true },
      );
      // With rotation on, the answer carries a new refresh token too.
      tokens.set(data.access, data.refresh || refresh);
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
    if (!tokens.refresh) {
      handleAuthFailure();
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
  const { data } = await api.post(
    '/login/',
    { username, password },
    { skipAuth: true, skipAuthRefresh: true },
  );
  tokens.set(data.access, data.refresh);
  return data;
}

export async function logout() {
  const refresh = tokens.refresh;
  try {
    if (refresh) await api.post('/logout/', { refresh }, { skipAuthRefresh: true });
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

/** Reads a paginated list answer, tolerating a plain array. */
export function asPage(data) {
  if (Array.isArray(data)) return { count: data.length, next: null, previous: null, results: data };
  return {
    count: data?.count ?? 0,
    next: data?.next ?? null,
    previous: data?.previous ?? null,
    results: data?.results ?? [],
  };
}

export default api;
