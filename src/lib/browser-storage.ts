/**
 * localStorage where the browser allows it, and an in-memory stand-in where it does not: inside the
 * Schulportal iframe a browser that blocks third-party cookies also refuses storage, and merely touching
 * `window.localStorage` throws a SecurityError there. Data kept in memory lasts as long as the page.
 */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();

  get length(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

let fallback: MemoryStorage | null = null;

export function localStorageOrMemory(): Storage {
  try {
    const storage = window.localStorage;
    const probe = '__klassenraum_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    fallback ??= new MemoryStorage();
    return fallback;
  }
}
