export interface UserStatus {
  status: string;
  statusIsUserDefined: boolean;
  message: string | null;
  messageId: string | null;
  messageIsPredefined: boolean;
  icon: string | null;
  clearAt: number | null;
  statusTimestamp: number;
}

/** A notification as the notifications app stores it (rich subject and message). */
export interface NotificationRow {
  id: number;
  user: string;
  app: string;
  datetime: string;
  objectType: string;
  objectId: string;
  subject: string;
  message: string;
  subjectRich: string;
  subjectRichParameters: Record<string, Record<string, string>>;
  messageRich: string;
  messageRichParameters: Record<string, Record<string, string>>;
  link: string;
  icon: string;
  /** The subject in other languages (issue 17): picked by the user's language, else the request's Accept-Language. */
  translations?: Partial<Record<'de', { subject: string; subjectRich: string }>>;
}

/** User status and notifications in the state file. */
export interface CoreState {
  userStatus: Record<string, UserStatus>;
  notifications: NotificationRow[];
  /** Statuses kept while Talk shows "In einem Anruf" (Nextcloud's `_<uid>` backup rows); absent in older files. */
  userStatusBackup?: Record<string, UserStatus>;
  /** Users' own Nextcloud language (PUT /cloud/users/{id} key=language); absent in older state files. */
  languages?: Record<string, string>;
}

export function emptyCoreState(): CoreState {
  return { userStatus: {}, notifications: [] };
}
