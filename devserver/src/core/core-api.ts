/** Core and provisioning endpoints: status.php, capabilities, the current user, app passwords, Login Flow v2. */
import { deleteAppToken, findTokenById, randomAlnum } from '../auth/auth.js';
import { reportedLanguage, setLanguageSetting } from './language.js';
import { capabilitiesData } from './capabilities.js';
import { withTalkCapabilities } from '../talk/call.js';
import { withTheming } from './theming.js';
import { quotaDetails } from '../dav/quota.js';
import type { App, Ctx } from '../context.js';
import { jsonReply, str, type Reply } from '../http.js';
import { OcsError, RESPOND_UNAUTHORISED, type OcsResult } from '../ocs.js';
import type { OcsRoute, PlainRoute } from '../router.js';
import { findSeedUser, type SeedUser } from '../seed.js';

export function statusReply(): Reply {
  return jsonReply(200, {
    installed: true,
    maintenance: false,
    needsDbUpgrade: false,
    version: '32.0.1.2',
    versionstring: '32.0.1',
    edition: '',
    productname: 'Nextcloud',
    extendedSupport: false,
  }, { 'content-type': 'application/json' });
}

/** The provisioning API's UserDetails of the user itself (with scopes), as recorded. */
export function userDetails(app: App, user: SeedUser): Record<string, unknown> {
  const lastLogin = app.store.data.lastLogin[user.id] ?? user.firstLogin;
  return {
    enabled: true,
    id: user.id,
    firstLoginTimestamp: user.firstLogin,
    lastLoginTimestamp: lastLogin,
    lastLogin: lastLogin * 1000,
    backend: 'Database',
    subadmin: [],
    quota: quotaDetails(app, user.id),
    manager: '',
    avatarScope: 'v2-federated',
    email: user.email,
    emailScope: 'v2-federated',
    additional_mail: [],
    additional_mailScope: [],
    displayname: user.displayName,
    'display-name': user.displayName,
    displaynameScope: 'v2-federated',
    phone: '',
    phoneScope: 'v2-local',
    address: '',
    addressScope: 'v2-local',
    website: '',
    websiteScope: 'v2-local',
    twitter: '',
    twitterScope: 'v2-local',
    bluesky: '',
    blueskyScope: 'v2-local',
    fediverse: '',
    fediverseScope: 'v2-local',
    organisation: '',
    organisationScope: 'v2-local',
    role: '',
    roleScope: 'v2-local',
    headline: '',
    headlineScope: 'v2-local',
    biography: '',
    biographyScope: 'v2-local',
    profile_enabled: '1',
    profile_enabledScope: 'v2-local',
    pronouns: '',
    pronounsScope: 'v2-federated',
    groups: [...user.groups],
    language: reportedLanguage(app, user.id),
    locale: '',
    timezone: '',
    notify_email: null,
    backendCapabilities: { setDisplayName: true, setPassword: true },
  };
}

/** A language code as Nextcloud names its translations (`de`, `de_DE`, `en_GB`, `pt_BR` ...). */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

function requireUser(uid: string): SeedUser {
  const user = findSeedUser(uid);
  if (user === undefined) throw new OcsError(RESPOND_UNAUTHORISED, 'Unauthorised');
  return user;
}

export const coreOcsRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: '/cloud/capabilities',
    public: true,
    handler: ({ ctx }): OcsResult => ({ data: withTheming(ctx.app, withTalkCapabilities(ctx.app, capabilitiesData(ctx.app.publicUrl))), etag: true }),
  },
  {
    method: 'GET',
    path: '/cloud/user',
    handler: ({ ctx, auth }): OcsResult => ({ data: userDetails(ctx.app, requireUser(auth.uid)) }),
  },
  {
    method: 'GET',
    path: '/cloud/users/{userId}',
    handler: ({ ctx, p, auth }): OcsResult => {
      const target = findSeedUser(p['userId'] ?? '');
      if (target === undefined) throw new OcsError(404, 'User does not exist');
      // Without admin or subadmin rights only the own account is readable.
      if (target.id !== auth.uid) throw new OcsError(RESPOND_UNAUTHORISED, '');
      return { data: userDetails(ctx.app, target) };
    },
  },
  {
    method: 'PUT',
    path: '/cloud/users/{userId}',
    handler: ({ ctx, p, auth }): OcsResult => {
      const target = findSeedUser(p['userId'] ?? '');
      if (target === undefined) throw new OcsError(404, 'User does not exist');
      if (target.id !== auth.uid) throw new OcsError(RESPOND_UNAUTHORISED, '');
      const key = str(ctx.params, 'key') ?? '';
      const value = str(ctx.params, 'value') ?? '';
      // Only the language is kept; other keys a user may edit are not implemented (OCS 103, as for a key not allowed).
      if (key !== 'language') throw new OcsError(103, '');
      if (!LANGUAGE_CODE.test(value)) throw new OcsError(101, 'Invalid language');
      setLanguageSetting(ctx.app, auth.uid, value);
      return { data: [] };
    },
  },
  {
    method: 'DELETE',
    path: '/core/apppassword',
    handler: ({ ctx, auth }): OcsResult => {
      if (auth.tokenId === null) throw new OcsError(403, 'no app password in use');
      if (findTokenById(ctx.app, auth.tokenId) === undefined) throw new OcsError(403, 'could not remove apptoken');
      deleteAppToken(ctx.app, auth.tokenId);
      return { data: [] };
    },
  },
];

function loginFlowInit(ctx: Ctx): Reply {
  const ua = ctx.header('user-agent');
  const flow = {
    pollToken: randomAlnum(128),
    loginToken: randomAlnum(128),
    clientName: ua !== undefined && ua !== '' ? ua : 'unknown',
    createdAt: ctx.app.now(),
    result: null,
  };
  ctx.app.store.data.loginFlows.push(flow);
  ctx.app.store.changed();
  return jsonReply(200, {
    poll: { token: flow.pollToken, endpoint: `${ctx.app.publicUrl}/index.php/login/v2/poll` },
    login: `${ctx.app.publicUrl}/index.php/login/v2/flow/${flow.loginToken}`,
  });
}

const LOGIN_FLOW_TTL_MS = 20 * 60 * 1000;

function loginFlowPoll(ctx: Ctx): Reply {
  const token = str(ctx.params, 'token') ?? '';
  const data = ctx.app.store.data;
  data.loginFlows = data.loginFlows.filter((f) => f.createdAt > ctx.app.now() - LOGIN_FLOW_TTL_MS);
  const flow = data.loginFlows.find((f) => f.pollToken === token);
  if (flow?.result == null) return jsonReply(404, []);
  data.loginFlows = data.loginFlows.filter((f) => f !== flow);
  ctx.app.store.changed();
  return jsonReply(200, { server: ctx.app.publicUrl, loginName: flow.result.loginName, appPassword: flow.result.appPassword });
}

export const corePlainRoutes: PlainRoute[] = [
  { method: 'GET', path: '/status.php', handler: () => statusReply() },
  { method: 'POST', path: '/index.php/login/v2', handler: loginFlowInit },
  { method: 'POST', path: '/login/v2', handler: loginFlowInit },
  { method: 'POST', path: '/index.php/login/v2/poll', handler: loginFlowPoll },
  { method: 'POST', path: '/login/v2/poll', handler: loginFlowPoll },
];
