// Tray and Menu as Electron builds them: Menu.buildFromTemplate() makes MenuItems whose
// click(menuItem, window, event) is the template's; a disabled or invisible item cannot be
// clicked by a person (clickItem refuses it); a destroyed tray throws on use. A submenu is a
// Menu of its own; clicking a radio item checks it and unchecks its siblings, as Electron does.

import { EventEmitter } from 'node:events';
import { destroyedError } from './environment';
import { FakeEvent } from './events';
import { nativeImage, type FakeNativeImage } from './native-image';

export interface MenuItemOptions {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  visible?: boolean;
  id?: string;
  checked?: boolean;
  submenu?: Array<MenuItemOptions | FakeMenuItem> | FakeMenu;
  click?: (menuItem: FakeMenuItem, window: unknown, event: unknown) => void;
}

export class FakeMenuItem {
  readonly label: string;
  readonly type: NonNullable<MenuItemOptions['type']>;
  readonly id: string | undefined;
  enabled: boolean;
  visible: boolean;
  checked: boolean;
  readonly submenu: FakeMenu | null;
  #click: MenuItemOptions['click'];

  constructor(options: MenuItemOptions) {
    this.label = options.label ?? '';
    this.type = options.type ?? 'normal';
    this.id = options.id;
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    const submenu = options.submenu;
    this.submenu = submenu === undefined ? null : submenu instanceof FakeMenu ? submenu : FakeMenu.buildFromTemplate(submenu);
    this.#click = options.click;
  }

  click(event: unknown = {}, window?: unknown): void {
    this.#click?.(this, window, event);
  }
}

export class FakeMenu extends EventEmitter {
  readonly items: FakeMenuItem[];

  constructor(items: FakeMenuItem[] = []) {
    super();
    this.items = items;
  }

  static buildFromTemplate(template: Array<MenuItemOptions | FakeMenuItem>): FakeMenu {
    return new FakeMenu(template.map((entry) => (entry instanceof FakeMenuItem ? entry : new FakeMenuItem(entry))));
  }

  getMenuItemById(id: string): FakeMenuItem | null {
    return this.items.find((item) => item.id === id) ?? null;
  }

  /** What a person sees: the labels of the visible items, separators as '—'. */
  get labels(): string[] {
    return this.items.filter((i) => i.visible).map((i) => (i.type === 'separator' ? '—' : i.label));
  }

  /** A person clicks the item labelled `label`; refuses a disabled, hidden or missing one. */
  clickItem(label: string): void {
    const item = this.items.find((i) => i.label === label && i.type !== 'separator');
    if (!item) throw new Error(`no menu item "${label}" in ${JSON.stringify(this.labels)}`);
    if (!item.visible || !item.enabled) throw new Error(`menu item "${label}" is disabled`);
    if (item.submenu !== null) throw new Error(`menu item "${label}" opens a submenu: use submenuOf()`);
    this.emit('menu-will-show', new FakeEvent());
    if (item.type === 'radio') for (const sibling of this.items) if (sibling.type === 'radio') sibling.checked = sibling === item;
    item.click({ triggeredByAccelerator: false });
    this.emit('menu-will-close', new FakeEvent());
  }

  /** The submenu a person opens by pointing at the item labelled `label`. */
  submenuOf(label: string): FakeMenu {
    const item = this.items.find((i) => i.label === label);
    if (!item?.submenu) throw new Error(`no submenu "${label}" in ${JSON.stringify(this.labels)}`);
    if (!item.visible || !item.enabled) throw new Error(`submenu "${label}" is disabled`);
    return item.submenu;
  }

  /** The label of the checked radio item; null when none is. */
  get checkedLabel(): string | null {
    return this.items.find((i) => i.type === 'radio' && i.checked)?.label ?? null;
  }

  isEnabled(label: string): boolean {
    const item = this.items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item "${label}"`);
    return item.enabled && item.visible;
  }
}

export class FakeTray extends EventEmitter {
  static #all: FakeTray[] = [];

  static created(): FakeTray[] {
    return [...FakeTray.#all];
  }

  static reset(): void {
    FakeTray.#all = [];
  }

  image: FakeNativeImage;
  toolTip = '';
  title = '';
  contextMenu: FakeMenu | null = null;
  images: FakeNativeImage[] = [];
  #destroyed = false;

  constructor(image: FakeNativeImage | string, _guid?: string) {
    super();
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    this.images.push(this.image);
    FakeTray.#all.push(this);
  }

  setImage(image: FakeNativeImage | string): void {
    this.#alive();
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    this.images.push(this.image);
  }

  setToolTip(toolTip: string): void {
    this.#alive();
    this.toolTip = toolTip;
  }

  setTitle(title: string): void {
    this.#alive();
    this.title = title;
  }

  setContextMenu(menu: FakeMenu | null): void {
    this.#alive();
    this.contextMenu = menu;
  }

  destroy(): void {
    this.#destroyed = true;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  // --- the test's side ------------------------------------------------------------

  /** A click on the icon (Windows, macOS; AppIndicator on Linux sends none). */
  click(): void {
    this.#alive();
    this.emit('click', new FakeEvent(), { x: 0, y: 0, width: 16, height: 16 }, { x: 8, y: 8 });
  }

  /** The context menu as the person opens it. */
  get menu(): FakeMenu {
    this.#alive();
    if (!this.contextMenu) throw new Error('the tray has no context menu');
    return this.contextMenu;
  }

  #alive(): void {
    if (this.#destroyed) throw destroyedError();
  }
}
