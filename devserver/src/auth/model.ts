/** An app token ("app password"): what Login Flow v2 hands out and what an OAuth access token is. */
export interface AppToken {
  id: number;
  token: string;
  uid: string;
  loginName: string;
  name: string;
  createdAt: number;
  /** ms since epoch; null = never expires (Login Flow app passwords). */
  expiresAt: number | null;
  oauth: boolean;
}

/** Nextcloud's oauth2_access_tokens row: the code (later: the refresh token) points to one app token. */
export interface OAuthGrant {
  id: number;
  clientId: string;
  tokenId: number;
  /** The current authorization code or refresh token. */
  code: string;
  codeCreatedAt: number;
  tokenCount: number;
}

export interface LoginFlow {
  pollToken: string;
  loginToken: string;
  clientName: string;
  createdAt: number;
  /** Set once the user granted access; the poll hands it out once and deletes the flow. */
  result: { loginName: string; appPassword: string } | null;
}

export interface BrowserSession {
  id: string;
  uid: string | null;
  csrf: string;
  oauth: { clientId: string; state: string } | null;
  /** Login Flow v2 login token this browser is completing. */
  loginFlowToken: string | null;
  createdAt: number;
  /** Set by a logout: the next request is sent to `/login?clear=1` once (Nextcloud's clearingExecutionContexts). */
  clearing?: boolean;
  /** Login error to show once on the next login page (Nextcloud's session `loginMessages`). */
  loginMessage?: string | null;
}

/** A remember-me login (`nc_username` + `nc_token` cookies; Nextcloud's `login_token` user values). */
export interface RememberToken {
  uid: string;
  token: string;
  createdAt: number;
}

/** The accounts app's share of the state file: tokens, grants, login flows and browser sessions. */
export interface AuthState {
  appTokens: AppToken[];
  oauthGrants: OAuthGrant[];
  loginFlows: LoginFlow[];
  sessions: BrowserSession[];
  /** Remember-me tokens of browser logins (optional: older state files have none). */
  rememberTokens?: RememberToken[];
  lastLogin: Record<string, number>;
}

export function emptyAuthState(): AuthState {
  return { appTokens: [], oauthGrants: [], loginFlows: [], sessions: [], lastLogin: {} };
}
