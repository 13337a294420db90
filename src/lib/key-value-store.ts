/**
 * A tiny asynchronous key-value store on IndexedDB (values by structured clone, so Dates survive).
 * Where the browser refuses IndexedDB (the Schulportal iframe with third-party storage blocked, private
 * modes, jsdom) every call rejects; callers treat that as "nothing stored" and go on without it.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every stored value, in key order. */
  values(): Promise<unknown[]>;
}

export interface IndexedDbStoreOptions {
  storeName?: string;
  /**
   * Records carry their own key in this property (an in-line key, as a store created with `keyPath` needs);
   * `set(key, value)` then expects `value[keyPath] === key`.
   */
  keyPath?: string;
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export function indexedDbStore(databaseName: string, { storeName = 'entries', keyPath }: IndexedDbStoreOptions = {}): KeyValueStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      // Touching `indexedDB` itself throws a SecurityError where storage is blocked.
      const request = globalThis.indexedDB.open(databaseName, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(storeName, keyPath === undefined ? {} : { keyPath });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
      request.onblocked = () => reject(new Error('IndexedDB upgrade blocked'));
    }).catch((error: unknown) => {
      opened = null;
      throw error;
    });
    return opened;
  };
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    const transaction = db.transaction(storeName, mode);
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    const [result] = await Promise.all([promised(action(transaction.objectStore(storeName))), done]);
    return result;
  };
  return {
    get: (key) => run('readonly', (store) => store.get(key) as IDBRequest<unknown>),
    set: async (key, value) => {
      await run('readwrite', (store) => (keyPath === undefined ? store.put(value, key) : store.put(value)));
    },
    delete: async (key) => {
      await run('readwrite', (store) => store.delete(key));
    },
    values: () => run('readonly', (store) => store.getAll() as IDBRequest<unknown[]>),
  };
}

/** The same contract in memory (tests, and where a caller wants no persistence). */
export function memoryStore(): KeyValueStore {
  const items = new Map<string, unknown>();
  return {
    get: (key) => Promise.resolve(structuredClone(items.get(key))),
    set: (key, value) => {
      items.set(key, structuredClone(value));
      return Promise.resolve();
    },
    delete: (key) => {
      items.delete(key);
      return Promise.resolve();
    },
    values: () => Promise.resolve([...items.keys()].sort().map((key) => structuredClone(items.get(key)))),
  };
}
