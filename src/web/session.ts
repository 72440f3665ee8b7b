import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './api/client.js';
import type { Me } from './api/types.js';

const ME_KEY = ['me'] as const;

/**
 * The signed-in user, or null when signed out (401). `enabled: false` only reads what is known (the
 * login page asks nothing: a signed-out visitor's /me would only be a 401).
 */
export function useMe({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>('/api/v1/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api<Me>('/api/v1/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined),
    onSettled: () => {
      setCsrfToken(null);
      qc.setQueryData(ME_KEY, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<Me>('/api/v1/auth/password', { method: 'POST', body }),
    onSuccess: (me) => qc.setQueryData(ME_KEY, me),
  });
}
