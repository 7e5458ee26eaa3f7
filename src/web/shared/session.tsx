/** Who is logged in: loaded from /api/auth/me; login and logout. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post } from './api';
import type { Me } from './types';

interface Session {
  me: Me | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const Ctx = createContext<Session>({ me: null, loading: true, login: async () => undefined, logout: async () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    get<Me>('/api/auth/me')
      .then(setMe)
      .catch((e) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e);
      })
      .finally(() => setLoading(false));
  }, []);
  const login = useCallback(async (username: string, password: string) => {
    setMe(await post<Me>('/api/auth/login', { username, password }));
  }, []);
  const logout = useCallback(async () => {
    await post('/api/auth/logout');
    setMe(null);
  }, []);
  return <Ctx.Provider value={{ me, loading, login, logout }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  return useContext(Ctx);
}

/** The signed-in user (inside the authenticated layout). */
export function useMe(): Me {
  const me = useContext(Ctx).me;
  if (!me) throw new Error('not signed in');
  return me;
}
