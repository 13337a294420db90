/**
 * The gateway's own answers to the app (`/auth/*`, `/api/config`, `/api/branding`, `/api/livekit/*`), written once: the gateway
 * types what it sends with these types, and src/api parses what it receives with these schemas. Its only
 * import is zod, so the app (bundler) and the gateway (Node) import the same file; nothing is copied.
 */
import { z } from 'zod';

/** The gateway's 401 when the session is gone: the one 401 that signs the user out. Every other 401 is
 * Nextcloud's own answer, relayed unchanged. */
export const SIGNED_OUT = { error: 'unauthenticated' } as const;

export const authModeSchema = z.enum(['oauth2', 'loginflow']);
export type AuthMode = z.infer<typeof authModeSchema>;

const sessionUserSchema = z.object({ id: z.string(), displayName: z.string() });

/** What the first screen needs from Nextcloud, fetched by the gateway while it answers the session
 * (gateway/src/first-wave.ts); each part only when Nextcloud answered in time. */
export const firstWaveSchema = z.object({
  /** cloud/user's OCS data as Nextcloud sent it (id, displayname, email, groups, language), parsed by
   * src/api/core/current-user.ts like the app's own request. */
  currentUser: z.record(z.string(), z.unknown()).optional(),
  /** capabilities core.pollinterval, seconds. */
  pollInterval: z.number().optional(),
});
export type FirstWave = z.infer<typeof firstWaveSchema>;

/** `GET /auth/session` */
export const sessionSchema = z.discriminatedUnion('authenticated', [
  z.object({
    authenticated: z.literal(true),
    authMode: authModeSchema,
    embedAllowed: z.boolean().optional(),
    user: sessionUserSchema,
    firstWave: firstWaveSchema.optional(),
  }),
  z.object({ authenticated: z.literal(false), authMode: authModeSchema, embedAllowed: z.boolean().optional() }),
]);
export type Session = z.infer<typeof sessionSchema>;

/** `POST /auth/flow/start` */
export const loginFlowStartSchema = z.object({ loginUrl: z.url({ protocol: /^https?$/ }) });
export type LoginFlowStart = z.infer<typeof loginFlowStartSchema>;

/** `POST /auth/flow/poll` (`returnTo` once the login is done) */
export const loginFlowPollSchema = z.object({ status: z.enum(['pending', 'done', 'expired']), returnTo: z.string().optional() });
export type LoginFlowPoll = z.infer<typeof loginFlowPollSchema>;

/** `POST /auth/embed/start` */
export const embedStartSchema = z.object({ popupUrl: z.string().startsWith('/auth/login?') });
export type EmbedStart = z.infer<typeof embedStartSchema>;

/** `POST /auth/embed/complete` */
export const embedCompleteSchema = z.object({ authenticated: z.literal(true), returnTo: z.string() });
export type EmbedComplete = z.infer<typeof embedCompleteSchema>;

/** `GET /api/config`: which transport carries video lessons on this installation. */
export const callConfigSchema = z.discriminatedUnion('callTransport', [
  z.object({ callTransport: z.literal('talk-hpb') }),
  z.object({ callTransport: z.literal('livekit'), livekitUrl: z.string() }),
]);
export type CallConfig = z.infer<typeof callConfigSchema>;

/** `GET /api/branding`: the school's name, colour and logo from Nextcloud's theming (null: not set there). */
export const brandingSchema = z.object({
  name: z.string().nullable(),
  color: z.string().regex(/^#[0-9a-f]{3}([0-9a-f]{3})?$/i).nullable(),
  logoUrl: z.string().startsWith('/branding/logo').nullable(),
});
export type Branding = z.infer<typeof brandingSchema>;

export const liveKitGrantSchema = z.object({
  roomAdmin: z.boolean(),
  canPublish: z.boolean(),
  // livekit-server-sdk's TrackSource enum, serialised as numbers (or names).
  canPublishSources: z.array(z.union([z.number(), z.string()])),
});
export type LiveKitGrant = z.infer<typeof liveKitGrantSchema>;

/** `POST /api/livekit/token` */
export const liveKitJoinSchema = z.object({ token: z.string(), url: z.string(), room: z.string(), grant: liveKitGrantSchema });
export type LiveKitJoin = z.infer<typeof liveKitJoinSchema>;

/** `POST /api/livekit/speaking` */
export const liveKitSpeakingSchema = z.object({ grant: liveKitGrantSchema });
export type LiveKitSpeaking = z.infer<typeof liveKitSpeakingSchema>;

/** `POST /api/livekit/remove` */
export const liveKitRemovedSchema = z.object({ removed: z.literal(true) });
export type LiveKitRemoved = z.infer<typeof liveKitRemovedSchema>;

/** `POST /api/livekit/sync` */
export const liveKitSyncSchema = z.object({ updated: z.number() });
export type LiveKitSync = z.infer<typeof liveKitSyncSchema>;

/**
 * The school's directory mapping (docs/adr/0014-directory-mapping.md): which Nextcloud groups are classes and
 * which make a teacher. The gateway resolves a preset (`klassenraum`, `ucsatschool`) or the admin's own
 * settings into this object once at start and serves it with `GET /api/config`.
 */
export const directoryMappingSchema = z.object({
  /** Where the mapping came from: a preset name, or "custom". */
  preset: z.string(),
  /** The id of a class group, with `{class}` where the class id stands: "klasse-{class}", "gym-kassel-{class}". */
  classGroup: z.string(),
  /** The class's name on every part and on screen: "Klasse {class}". */
  className: z.string(),
  /** A member of any of these groups is a teacher. */
  teacherGroups: z.array(z.string()),
  /** Groups of a whole school's students (UCS@school `schueler-<school>`): never a class, even when they match. */
  studentGroups: z.array(z.string()),
});
export type DirectoryMapping = z.infer<typeof directoryMappingSchema>;

/** `GET /api/config` carries the directory mapping next to the call transport. */
export const directoryConfigSchema = z.object({ directory: directoryMappingSchema });
export const appConfigSchema = z.intersection(callConfigSchema, directoryConfigSchema);
export type AppConfig = z.infer<typeof appConfigSchema>;
