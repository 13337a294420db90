/** Users' files: a flat list of nodes keyed by owner and path, with Nextcloud-like ids, etags and trash. */
import { createHash, randomBytes } from 'node:crypto';
import type { App } from '../context.js';
import type { FileNode, TrashNode } from './model.js';

/** The instance id Nextcloud appends to OC-FileId. */
export const INSTANCE_ID = 'ocdevsrv1x';

export function ocFileId(id: number): string {
  return `${String(id).padStart(8, '0')}${INSTANCE_ID}`;
}

export function nowSeconds(app: App): number {
  return Math.floor(app.now() / 1000);
}

/** Folder etags look like PHP's uniqid(); file etags like an md5. */
function folderEtag(): string {
  return `${Date.now().toString(16)}${randomBytes(3).toString('hex')}`.slice(0, 13);
}

function fileEtag(id: number, content: Buffer): string {
  return createHash('md5').update(`${id}:${Date.now()}:${randomBytes(4).toString('hex')}`).update(content).digest('hex');
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

const MIME: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  json: 'application/json',
  html: 'text/html',
  csv: 'text/csv',
  zip: 'application/zip',
};

/** Nextcloud derives the mime type from the extension, not from the client's Content-Type. */
export function mimeFor(name: string): string {
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  return MIME[ext] ?? 'application/octet-stream';
}

export class Storage {
  constructor(private readonly app: App) {}

  private get files(): FileNode[] {
    return this.app.store.data.files;
  }

  root(owner: string): FileNode {
    let root = this.files.find((f) => f.owner === owner && f.path === '');
    if (root === undefined) {
      root = { id: this.app.store.nextId(), owner, path: '', type: 'dir', mtime: nowSeconds(this.app), etag: folderEtag(), mime: 'httpd/unix-directory', content: null, size: 0 };
      this.files.push(root);
      this.app.store.changed();
    }
    return root;
  }

  get(owner: string, path: string): FileNode | undefined {
    if (path === '') return this.root(owner);
    return this.files.find((f) => f.owner === owner && f.path === path);
  }

  byId(id: number): FileNode | undefined {
    return this.files.find((f) => f.id === id);
  }

  children(node: FileNode): FileNode[] {
    const prefix = node.path === '' ? '' : `${node.path}/`;
    return this.files
      .filter((f) => f.owner === node.owner && f.path !== '' && f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('/') && f.path !== node.path)
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  /** The node and everything below it. */
  subtree(node: FileNode): FileNode[] {
    if (node.type === 'file') return [node];
    const prefix = node.path === '' ? '' : `${node.path}/`;
    return this.files.filter((f) => f.owner === node.owner && (f === node || f.path.startsWith(prefix)));
  }

  /** Folder sizes are the sum of their content, as Nextcloud's file cache keeps them. */
  sizeOf(node: FileNode): number {
    if (node.type === 'file') return node.size;
    return this.subtree(node).reduce((sum, f) => sum + (f.type === 'file' ? f.size : 0), 0);
  }

  /** New etags and mtimes up the tree after a change below `path`. */
  touchAncestors(owner: string, path: string): void {
    let p = path;
    const now = nowSeconds(this.app);
    for (;;) {
      p = parentPath(p);
      const dir = this.get(owner, p);
      if (dir !== undefined) {
        dir.etag = folderEtag();
        dir.mtime = now;
      }
      if (p === '') break;
    }
    this.app.store.changed();
  }

  mkdir(owner: string, path: string): FileNode {
    const node: FileNode = { id: this.app.store.nextId(), owner, path, type: 'dir', mtime: nowSeconds(this.app), etag: folderEtag(), mime: 'httpd/unix-directory', content: null, size: 0 };
    this.files.push(node);
    this.touchAncestors(owner, path);
    return node;
  }

  /** Creates or overwrites a file; returns the node and whether it was created. */
  write(owner: string, path: string, content: Buffer, mtime?: number): { node: FileNode; created: boolean } {
    const existing = this.get(owner, path);
    const when = mtime ?? nowSeconds(this.app);
    if (existing !== undefined && existing.type === 'file') {
      existing.content = content.toString('base64');
      existing.size = content.length;
      existing.mtime = when;
      existing.etag = fileEtag(existing.id, content);
      this.touchAncestors(owner, path);
      return { node: existing, created: false };
    }
    const id = this.app.store.nextId();
    const node: FileNode = { id, owner, path, type: 'file', mtime: when, etag: fileEtag(id, content), mime: mimeFor(baseName(path)), content: content.toString('base64'), size: content.length };
    this.files.push(node);
    this.touchAncestors(owner, path);
    return { node, created: true };
  }

  read(node: FileNode): Buffer {
    return Buffer.from(node.content ?? '', 'base64');
  }

  /** Moves a node (and its subtree) to a new path of the same owner; ids stay. */
  move(node: FileNode, toPath: string): FileNode {
    const from = node.path;
    for (const f of this.subtree(node)) {
      f.path = f === node ? toPath : `${toPath}${f.path.slice(from.length)}`;
      if (f.type === 'file') f.mime = mimeFor(baseName(f.path));
    }
    this.touchAncestors(node.owner, from);
    this.touchAncestors(node.owner, toPath);
    return node;
  }

  /** Copies a node (and its subtree) with new ids, to `toOwner`'s storage (e.g. into a share's owner). */
  copy(node: FileNode, toPath: string, toOwner = node.owner): FileNode {
    const from = node.path;
    let top: FileNode | undefined;
    for (const f of this.subtree(node)) {
      const id = this.app.store.nextId();
      const path = f === node ? toPath : `${toPath}${f.path.slice(from.length)}`;
      const copy: FileNode = { ...f, id, owner: toOwner, path, etag: f.type === 'dir' ? folderEtag() : fileEtag(id, this.read(f)) };
      this.files.push(copy);
      if (f === node) top = copy;
    }
    this.touchAncestors(toOwner, toPath);
    if (top === undefined) throw new Error('copy lost its root');
    return top;
  }

  /** Deletes for good (no trash). */
  remove(node: FileNode): void {
    const gone = new Set(this.subtree(node));
    this.app.store.data.files = this.files.filter((f) => !gone.has(f));
    this.touchAncestors(node.owner, node.path);
  }

  /** Moves a node to the owner's trash bin, as Nextcloud's DELETE does. */
  trash(node: FileNode): TrashNode {
    const deletedAt = nowSeconds(this.app);
    const name = baseName(node.path);
    const item: TrashNode = {
      ...node,
      size: this.sizeOf(node),
      trashName: `${name}.d${deletedAt}`,
      deletedAt,
      originalLocation: node.path,
      contents: this.subtree(node).filter((f) => f !== node).map((f) => ({ ...f })),
    };
    this.app.store.data.trash.push(item);
    this.remove(node);
    return item;
  }

  /** Puts a trashed item back at its original place (or the root if that folder is gone). */
  restore(item: TrashNode, toPath?: string): FileNode {
    const data = this.app.store.data;
    data.trash = data.trash.filter((t) => t !== item);
    let target = toPath ?? item.originalLocation;
    if (this.get(item.owner, parentPath(target)) === undefined) target = baseName(target);
    const { trashName: _t, deletedAt: _d, originalLocation: _o, contents, ...node } = item;
    const restored: FileNode = { ...node, path: target };
    this.files.push(restored);
    for (const c of contents) this.files.push({ ...c, path: `${target}${c.path.slice(item.originalLocation.length)}` });
    this.touchAncestors(item.owner, target);
    return restored;
  }

  trashOf(owner: string): TrashNode[] {
    return this.app.store.data.trash.filter((t) => t.owner === owner).sort((a, b) => b.deletedAt - a.deletedAt);
  }

  usedBytes(owner: string): number {
    return this.files.filter((f) => f.owner === owner && f.type === 'file').reduce((s, f) => s + f.size, 0);
  }
}

/** The demo files every teacher finds in a fresh server. */
export function seedFiles(app: App, owner: string): void {
  const data = app.store.data;
  if (data.seededFiles.includes(owner)) return;
  data.seededFiles.push(owner);
  const storage = new Storage(app);
  storage.root(owner);
  if (owner === 'schmidt') {
    storage.mkdir(owner, 'Unterrichtsmaterial');
    storage.write(owner, 'Unterrichtsmaterial/Bruchrechnen Einführung.md', Buffer.from('# Bruchrechnen\n\nEin Bruch besteht aus Zähler und Nenner.\n'));
  } else if (owner === 'mueller') {
    storage.mkdir(owner, 'Unterrichtsmaterial');
    storage.write(owner, 'Unterrichtsmaterial/Vokabeln Unit 3.md', Buffer.from('# Unit 3\n\n- school – Schule\n- lesson – Unterrichtsstunde\n'));
  }
}
