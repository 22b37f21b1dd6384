import type { User } from '@navbat/shared';

/** The signed-in user shared by every component: undefined while unknown, null when signed out. */
type SessionState = { user: User | null | undefined; expired: boolean };

let state: SessionState = { user: undefined, expired: false };
const listeners = new Set<() => void>();

export function getSession(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setSessionUser(user: User | null): void {
  state = { user, expired: false };
  listeners.forEach((l) => l());
}

/** A 401 from any staff call: the session is gone, show the login form with a note. */
export function markSessionExpired(): void {
  if (state.user === null && state.expired) return;
  state = { user: null, expired: state.user !== null && state.user !== undefined };
  listeners.forEach((l) => l());
}
