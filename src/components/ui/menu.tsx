import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';

/**
 * A menu button (WAI-ARIA APG "menu button"): a button that opens a list of actions. Enter, Space and
 * ArrowDown open it on the first item, ArrowUp on the last; arrows, Home and End move between items (disabled
 * ones are skipped), Escape closes and returns focus to the button, Tab closes and moves on, a click or tap
 * outside closes. No portal: the menu stays inside its landmark (the header); it is positioned fixed under
 * the button and kept inside the viewport. A few hundred bytes instead of a dropdown library.
 */
export interface MenuProps {
  /** The button's accessible name. */
  label: string;
  /** What the button shows. */
  trigger: ReactNode;
  triggerClassName: string;
  contentClassName: string;
  /** The menu's edge that lines up with the button's. */
  align?: 'start' | 'end';
  /** Gap between button and menu, px. */
  offset?: number;
  children: ReactNode;
}

interface MenuContextValue {
  close: (returnFocus: boolean) => void;
}

const MenuContext = createContext<MenuContextValue | null>(null);

const VIEWPORT_MARGIN = 8;
const ITEM_SELECTOR = '[role="menuitem"]:not([aria-disabled="true"])';

function items(menu: HTMLElement | null): HTMLElement[] {
  return menu === null ? [] : [...menu.querySelectorAll<HTMLElement>(ITEM_SELECTOR)];
}

/** Focus the first/last enabled item, or the menu itself when it has none. */
function focusEdge(menu: HTMLElement | null, edge: 'first' | 'last'): void {
  const list = items(menu);
  const item = edge === 'first' ? list[0] : list[list.length - 1];
  if (item === undefined) menu?.focus();
  else item.focus();
}

function moveFocus(menu: HTMLElement, key: string): boolean {
  const list = items(menu);
  if (list.length === 0) return false;
  const at = list.indexOf(document.activeElement as HTMLElement);
  const next: Record<string, number> = {
    ArrowDown: (at + 1) % list.length,
    ArrowUp: (at - 1 + list.length) % list.length,
    Home: 0,
    End: list.length - 1,
  };
  const index = next[key];
  if (index === undefined) return false;
  list[index]?.focus();
  return true;
}

/** Fixed coordinates under the button, shifted so the menu never leaves the viewport sideways. */
function usePosition(open: boolean, button: HTMLElement | null, menu: HTMLElement | null, align: 'start' | 'end', offset: number): CSSProperties {
  const [style, setStyle] = useState<CSSProperties>({ position: 'fixed', visibility: 'hidden' });
  useLayoutEffect(() => {
    if (!open || button === null || menu === null) return undefined;
    const place = () => {
      const anchor = button.getBoundingClientRect();
      const width = menu.offsetWidth;
      const wanted = align === 'end' ? anchor.right - width : anchor.left;
      const left = Math.max(VIEWPORT_MARGIN, Math.min(wanted, window.innerWidth - width - VIEWPORT_MARGIN));
      setStyle({ position: 'fixed', top: anchor.bottom + offset, left });
    };
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, { passive: true, capture: true });
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, { capture: true });
    };
  }, [open, button, menu, align, offset]);
  return style;
}

/** A click or tap outside the menu and its button closes it (the focus stays where the user put it). */
function useCloseOnPointerOutside(open: boolean, wrapper: RefObject<HTMLDivElement | null>, close: (returnFocus: boolean) => void): void {
  useEffect(() => {
    if (!open) return undefined;
    const outside = (event: PointerEvent) => {
      if (event.target instanceof Node && wrapper.current?.contains(event.target) !== true) close(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => {
      document.removeEventListener('pointerdown', outside);
    };
  }, [open, wrapper, close]);
}

export function Menu({ label, trigger, triggerClassName, contentClassName, align = 'end', offset = 8, children }: MenuProps) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [button, setButton] = useState<HTMLButtonElement | null>(null);
  const [menu, setMenu] = useState<HTMLDivElement | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const id = useId();
  const style = usePosition(open !== false, button, menu, align, offset);

  const close = useCallback(
    (returnFocus: boolean) => {
      setOpen(false);
      if (returnFocus) button?.focus();
    },
    [button],
  );

  // Focus moves in once the menu is placed: a menu still hidden for measuring cannot take the focus.
  const placed = style.visibility !== 'hidden';
  useEffect(() => {
    if (open !== false && placed) focusEdge(menu, open);
  }, [open, menu, placed]);

  useCloseOnPointerOutside(open !== false, wrapper, close);

  const onTriggerKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open !== false) {
      event.preventDefault();
      close(true);
      return;
    }
    const edge = { Enter: 'first', ' ': 'first', ArrowDown: 'first', ArrowUp: 'last' } as const;
    const wanted = edge[event.key as keyof typeof edge] as 'first' | 'last' | undefined;
    if (wanted === undefined) return;
    // Handled here (as the key goes down), so the browser's click that would follow does not toggle it back.
    event.preventDefault();
    setOpen(wanted);
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    } else if (moveFocus(event.currentTarget, event.key)) {
      event.preventDefault();
    }
  };

  return (
    <div ref={wrapper} className="relative">
      <button
        ref={setButton}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open !== false ? id : undefined}
        onClick={() => {
          setOpen((was) => (was === false ? 'first' : false));
        }}
        onKeyDown={onTriggerKeyDown}
        className={triggerClassName}
      >
        {trigger}
      </button>
      {open !== false && (
        <div
          ref={setMenu}
          id={id}
          role="menu"
          aria-label={label}
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
          style={style}
          className={`z-50 outline-none ${contentClassName}`}
        >
          <MenuContext.Provider value={{ close }}>{children}</MenuContext.Provider>
        </div>
      )}
    </div>
  );
}

export interface MenuItemProps {
  /** Runs on click, Enter or Space. The menu then closes and focus returns to its button, unless `keepOpen`. */
  onSelect?: () => void;
  disabled?: boolean;
  keepOpen?: boolean;
  className: string;
  children: ReactNode;
}

export function MenuItem({ onSelect, disabled = false, keepOpen = false, className, children }: MenuItemProps) {
  const menu = useContext(MenuContext);
  const select = () => {
    if (disabled) return;
    onSelect?.();
    if (!keepOpen) menu?.close(true);
  };
  return (
    <div
      role="menuitem"
      tabIndex={-1}
      aria-disabled={disabled || undefined}
      onClick={select}
      // As with a native menu, the item under the pointer is the highlighted (focused) one.
      onPointerMove={(event) => {
        if (!disabled && document.activeElement !== event.currentTarget) event.currentTarget.focus();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        select();
      }}
      className={`${className} outline-none focus:bg-slate-100 focus:ring-2 focus:ring-blue-700 dark:focus:bg-slate-800 dark:focus:ring-blue-300`}
    >
      {children}
    </div>
  );
}

/** A heading inside the menu (not an item: arrows skip it). */
export function MenuLabel({ className, children }: { className: string; children: ReactNode }) {
  return <div className={className}>{children}</div>;
}

export function MenuSeparator({ className }: { className: string }) {
  return <div role="separator" className={className} />;
}
