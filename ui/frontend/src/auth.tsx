import { createContext, useCallback, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, whenUnauthorized, ApiError } from './api';
import type { Me, Role } from './types';

interface Auth {
  me: Me;
  /** vendor ADMIN: may change anything */
  isAdmin: boolean;
  /** a customer user (Customer Portal): sees only its organisation's targets */
  isCustomer: boolean;
  /** may Reconnect / toggle on this target: vendor admins, and customer admins on their own targets */
  mayOperate: boolean;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

export function useMe() {
  return useQuery<Me, ApiError>({ queryKey: ['me'], queryFn: () => api<Me>('/api/v1/me'), retry: false, staleTime: 60_000 });
}

export async function signIn(name: string, password: string): Promise<Me> {
  const signed = await api<Me & { csrfToken: string }>('/api/v1/session', { method: 'POST', json: { name, password } });
  setCsrfToken(signed.csrfToken);
  return { name: signed.name, role: signed.role, organisationId: signed.organisationId };
}

export function roleLabel(role: Role): string {
  return {
    ADMIN: 'Vendor admin',
    READ_ONLY: 'Vendor read-only',
    CUSTOMER_ADMIN: 'Customer admin',
    CUSTOMER_READ_ONLY: 'Customer read-only',
  }[role];
}

export function AuthProvider({ me, children }: { me: Me; children: ReactNode }) {
  const client = useQueryClient();
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/session', { method: 'DELETE' });
    } finally {
      setCsrfToken(null);
      client.setQueryData(['me'], null);
      client.removeQueries();
    }
  }, [client]);
  useEffect(() => {
    // an expired session anywhere sends the person back to sign-in
    whenUnauthorized(() => client.invalidateQueries({ queryKey: ['me'] }));
  }, [client]);
  const value: Auth = {
    me,
    isAdmin: me.role === 'ADMIN',
    isCustomer: me.role === 'CUSTOMER_ADMIN' || me.role === 'CUSTOMER_READ_ONLY',
    mayOperate: me.role === 'ADMIN' || me.role === 'CUSTOMER_ADMIN',
    signOut,
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
