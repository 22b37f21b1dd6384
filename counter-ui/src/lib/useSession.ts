import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { User } from '@navbat/shared';
import { api } from './api';
import { getSession, setSessionUser, subscribeSession } from './session-store';

let probe: Promise<void> | null = null;

/** Asks the server who is signed in (once per page, shared by every caller). */
function loadSession(force = false): Promise<void> {
  if (!probe || force) {
    probe = api.me().then(
      (user) => setSessionUser(user),
      () => {
        // Unreachable server: treat as signed out for now; the login form shows the network error on submit.
        if (getSession().user === undefined) setSessionUser(null);
      },
    );
  }
  return probe;
}

export interface Session {
  /** The signed-in user, or null when signed out. */
  user: User | null;
  /** True until the first answer from the server. */
  loading: boolean;
  /** True when the session ended by itself (a 401), so the login form can say why. */
  expired: boolean;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  /** Sets the user after a successful login (LoginForm does this itself). */
  setUser: (user: User | null) => void;
}

/** The staff session, shared by every component of the page. */
export function useSession(): Session {
  const state = useSyncExternalStore(subscribeSession, getSession);
  useEffect(() => {
    void loadSession();
  }, []);
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setSessionUser(null);
    }
  }, []);
  const refresh = useCallback(() => loadSession(true), []);
  return {
    user: state.user ?? null,
    loading: state.user === undefined,
    expired: state.expired,
    logout,
    refresh,
    setUser: setSessionUser,
  };
}
