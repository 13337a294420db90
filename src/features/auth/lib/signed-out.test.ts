import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { authKeys } from '../api/query-keys';
import { markSignedOut } from './signed-out';

describe('markSignedOut', () => {
  it('keeps the auth mode and that embedding is allowed, so a framed login screen opens the popup again', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(authKeys.session(), {
      authenticated: true,
      authMode: 'oauth2',
      embedAllowed: true,
      user: { id: 's7a1', displayName: 'Lena Becker' },
    });
    markSignedOut(queryClient);
    expect(queryClient.getQueryData(authKeys.session())).toEqual({ authenticated: false, authMode: 'oauth2', embedAllowed: true });
  });
});
