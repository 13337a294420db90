/** Query keys of the auth feature (session, current user, Login Flow v2 polling). */
export const authKeys = {
  all: ['auth'] as const,
  session: () => [...authKeys.all, 'session'] as const,
  currentUser: () => [...authKeys.all, 'current-user'] as const,
  loginFlowPoll: (attempt: number) => [...authKeys.all, 'login-flow-poll', attempt] as const,
};
