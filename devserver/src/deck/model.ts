/** Deck's tables as the dev server keeps them (ids come from the store's shared id counter). */

export interface DeckBoard {
  id: number;
  title: string;
  owner: string;
  color: string;
  archived: boolean;
  /** Unix seconds; 0 = not deleted. */
  deletedAt: number;
  /** Unix seconds; 0 until something on the board changed. */
  lastModified: number;
  /** Per-board setting notify-due: off | assigned | all. */
  notifyDue: 'off' | 'assigned' | 'all';
}

export interface DeckAcl {
  id: number;
  boardId: number;
  /** 0 user, 1 group, 7 circle (team) */
  type: 0 | 1 | 7;
  participant: string;
  permissionEdit: boolean;
  permissionShare: boolean;
  permissionManage: boolean;
}

export interface DeckStack {
  id: number;
  boardId: number;
  title: string;
  order: number;
  deletedAt: number;
  lastModified: number;
}

export interface DeckLabel {
  id: number;
  boardId: number;
  title: string;
  color: string;
  /** null right after creation (Deck answers `lastModified: null` then). */
  lastModified: number | null;
}

export interface DeckCard {
  id: number;
  stackId: number;
  title: string;
  description: string;
  descriptionPrev: string | null;
  type: string;
  owner: string;
  order: number;
  archived: boolean;
  /** ISO date the card was marked done, or null. */
  done: string | null;
  /** Wall-clock due date `YYYY-MM-DDTHH:MM:SS` as Deck's DB column keeps it (the offset is dropped), or null. */
  duedate: string | null;
  notified: boolean;
  deletedAt: number;
  createdAt: number;
  lastModified: number;
  lastEditor: string | null;
  labelIds: number[];
}

export interface DeckAssignment {
  id: number;
  cardId: number;
  participant: string;
  /** 0 user (groups cannot be assigned through the API) */
  type: 0;
}

export interface DeckAttachment {
  id: number;
  cardId: number;
  type: 'file';
  /** The file name. */
  data: string;
  /** The WebDAV file the attachment refers to (in the uploader's Deck folder). */
  fileId: number;
  createdBy: string;
  createdAt: number;
  lastModified: number;
  deletedAt: number;
}

export interface DeckComment {
  id: number;
  cardId: number;
  actorId: string;
  message: string;
  parentId: number | null;
  /** ISO 8601 with offset. */
  creationDateTime: string;
}

export interface DeckData {
  boards: DeckBoard[];
  acl: DeckAcl[];
  stacks: DeckStack[];
  labels: DeckLabel[];
  cards: DeckCard[];
  assignments: DeckAssignment[];
  attachments: DeckAttachment[];
  comments: DeckComment[];
  /** Users whose "Welcome to Nextcloud Deck!" board was created (Deck's first run). */
  firstRunDone: string[];
}

export function emptyDeckData(): DeckData {
  return { boards: [], acl: [], stacks: [], labels: [], cards: [], assignments: [], attachments: [], comments: [], firstRunDone: [] };
}
