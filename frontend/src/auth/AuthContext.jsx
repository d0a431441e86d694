import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import api, { login as apiLogin, logout as apiLogout, onAuthFailure, refreshAccessToken } from '../api/client';

export const AuthContext = createContext(null);

export function AuthProvider({ children }) {
  const [user, setUser] = useState(null);
  // Until the first refresh answers we do not know whether the browser holds a session cookie.
  const [loading, setLoading] = useState(true);

  const loadMe = useCallback(async () => {
    const { data } = await api.get('/me/');
    setUser(data);
    return data;
  }, []);

  useEffect(() => {
    let active = true;
    // A reload: the access token was only in memory; the HttpOnly cookie (if any) gets a new one.
    refreshAccessToken()
      .then(() => api.get('/me/'))
      .then(({ data }) => active && setUser(data))
      .catch(() => active && setUser(null))
      .finally(() => active && setLoading(false));
    return () => {
      active = false;
    };
  }, []);

  useEffect(
    () =>
      onAuthFailure(() => {
        setUser(null);
        if (window.location.pathname !== '/login') window.location.assign('/login');
      }),
    [],
  );

  const login = useCallback(
    async (username, password) => {
      await apiLogin(username, password);
      return loadMe();
    },
    [loadMe],
  );

  const logout = useCallback(async () => {
    await apiLogout();
    setUser(null);
  }, []);

  const value = useMemo(
    () => ({ user, loading, login, logout, setUser, reload: loadMe }),
    [user, loading, login, logout, loadMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth debe usarse dentro de AuthProvider');
  return ctx;
}

export const STAFF = ['ADMIN', 'EMPLOYEE'];
export const isStaff = (user) => Boolean(user && STAFF.includes(user.rol));
