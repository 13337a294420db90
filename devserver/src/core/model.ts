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
}

/** User status and notifications in the state file. */
export interface CoreState {
  userStatus: Record<string, UserStatus>;
  notifications: NotificationRow[];
}

export function emptyCoreState(): CoreState {
  return { userStatus: {}, notifications: [] };
}
