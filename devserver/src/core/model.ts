export interface UserStatus {
  status: string;
  statusIsUserDefined: boolean;
  message: string | null;
  messageId: string | null;
  messageIsPredefined: boolean;
  icon: string | null;
  clearAt: number | null;
  statusTimestamp: number;
  /** The status before Talk set "In a call", restored when the call is left. */
  backup?: Omit<UserStatus, 'backup'>;
}

/** A notification's texts in one language. */
export interface NotificationTexts {
  subject: string;
  subjectRich: string;
  /** Labels of the notification's actions (e.g. Talk's "View chat"), in the order of `actions`. */
  actionLabels?: string[];
}

/** A notification's action: a link the client may show as a button. */
export interface NotificationAction {
  link: string;
  type: 'WEB' | 'GET' | 'POST' | 'DELETE' | 'PUT';
  primary: boolean;
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
  /** German and English texts: the notifier renders each notification in the reader's language. */
  texts?: { de: NotificationTexts; en: NotificationTexts };
  actions?: NotificationAction[];
}

/** A user's settings (provisioning API `PUT cloud/users/{id}`). */
export interface UserPreferences {
  language?: string;
}

/** User status and notifications in the state file. */
export interface CoreState {
  userStatus: Record<string, UserStatus>;
  notifications: NotificationRow[];
  userPreferences: Record<string, UserPreferences>;
}

export function emptyCoreState(): CoreState {
  return { userStatus: {}, notifications: [], userPreferences: {} };
}
