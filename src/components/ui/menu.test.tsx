import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Menu, MenuItem, MenuLabel, MenuSeparator } from './menu';

afterEach(cleanup);

function renderMenu(onSelect: (name: string) => void = () => undefined) {
  render(
    <div>
      <Menu label="Benutzermenü" trigger="FS" triggerClassName="" contentClassName="">
        <MenuLabel className="">Angemeldet als Frau Schmidt</MenuLabel>
        <MenuSeparator className="" />
        <MenuItem className="" onSelect={() => onSelect('Profil')}>
          Profil
        </MenuItem>
        <MenuItem className="" disabled onSelect={() => onSelect('Gesperrt')}>
          Gesperrt
        </MenuItem>
        <MenuItem className="" onSelect={() => onSelect('Abmelden')}>
          Abmelden
        </MenuItem>
      </Menu>
      <button type="button">Draußen</button>
    </div>,
  );
  return screen.getByRole('button', { name: 'Benutzermenü' });
}

describe('menu button', () => {
  it('is a closed menu button until pressed', () => {
    const trigger = renderMenu();
    expect(trigger.getAttribute('aria-haspopup')).toBe('menu');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('opens on Enter with the first item focused; arrows skip the disabled item and wrap; Home and End', () => {
    const trigger = renderMenu();
    fireEvent.keyDown(trigger, { key: 'Enter' });
    const menu = screen.getByRole('menu', { name: 'Benutzermenü' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(trigger.getAttribute('aria-controls')).toBe(menu.id);
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Profil' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Abmelden' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Profil' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Abmelden' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Profil' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Abmelden' }));
  });

  it('opens on ArrowUp at the last item', () => {
    const trigger = renderMenu();
    fireEvent.keyDown(trigger, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Abmelden' }));
  });

  it('closes on Escape and gives the focus back to its button', () => {
    const trigger = renderMenu();
    fireEvent.click(trigger);
    fireEvent.keyDown(screen.getByRole('menuitem', { name: 'Profil' }), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(trigger);
  });

  it('opened by a click, the first item has the focus; Escape closes it from the button too', () => {
    const trigger = renderMenu();
    fireEvent.click(trigger);
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Profil' }));
    // The pointer put the focus back on the button (a second look at the badge): Escape still closes.
    trigger.focus();
    fireEvent.keyDown(trigger, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('runs an item on click or Enter, then closes with the focus on its button; a disabled item does nothing', () => {
    const onSelect = vi.fn<(name: string) => void>();
    const trigger = renderMenu(onSelect);
    fireEvent.click(trigger);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Gesperrt' }));
    expect(onSelect).not.toHaveBeenCalled();
    expect(screen.getByRole('menuitem', { name: 'Gesperrt' }).getAttribute('aria-disabled')).toBe('true');
    fireEvent.keyDown(screen.getByRole('menuitem', { name: 'Abmelden' }), { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith('Abmelden');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    fireEvent.click(trigger);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Profil' }));
    expect(onSelect).toHaveBeenLastCalledWith('Profil');
  });

  it('closes when pressed again, or on a tap outside (the focus stays where the user put it)', () => {
    const trigger = renderMenu();
    fireEvent.click(trigger);
    fireEvent.click(trigger);
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(trigger);
    const outside = screen.getByRole('button', { name: 'Draußen' });
    act(() => {
      fireEvent.pointerDown(outside);
    });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('closes on Tab, so the focus moves on through the page', () => {
    const trigger = renderMenu();
    fireEvent.keyDown(trigger, { key: ' ' });
    fireEvent.keyDown(screen.getByRole('menuitem', { name: 'Profil' }), { key: 'Tab' });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('focuses the menu itself when it has no enabled item', () => {
    render(
      <Menu label="Benachrichtigungen" trigger="🔔" triggerClassName="" contentClassName="">
        <MenuItem className="" disabled>
          Keine Benachrichtigungen
        </MenuItem>
      </Menu>,
    );
    fireEvent.keyDown(screen.getByRole('button', { name: 'Benachrichtigungen' }), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('menu'));
  });
});
