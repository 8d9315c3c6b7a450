// @vitest-environment happy-dom
import { act, cleanup, createEvent, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeUploader, defaultSettings } from './fake-uploader';
import { renderApp, restoreQueueLayout } from './render-app';

afterEach(() => {
  cleanup();
  restoreQueueLayout();
});

const file = (name: string) => new File(['x'], name);
const dragData = (files: File[] = []) => ({ dataTransfer: { types: ['Files'], files, dropEffect: 'none' } });

describe('dropping files on the window', () => {
  it('shows where the files will go while dragging, without flickering over child elements', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    fireEvent.dragEnter(window, dragData());
    expect(screen.getByText('Drop to upload')).toBeTruthy();
    expect(screen.getByText('to Incoming on Local sandbox')).toBeTruthy();

    // Crossing into a child: enter on the child fires before leave on the parent.
    fireEvent.dragEnter(document.body, dragData());
    fireEvent.dragLeave(window, dragData());
    expect(screen.getByText('Drop to upload')).toBeTruthy();

    fireEvent.dragLeave(document.body, dragData());
    expect(screen.queryByText('Drop to upload')).toBeNull();
  });

  it('names the default folder by its path, never by its id', async () => {
    const fake = createFakeUploader({ settings: defaultSettings({ defaultParentId: 'folder-42', defaultParentPath: 'Media/Projects/Day 2' }) });
    await renderApp(fake);

    fireEvent.dragEnter(window, dragData());
    expect(screen.getByText('to Media/Projects/Day 2 on Local sandbox')).toBeTruthy();
    expect(screen.getByText('Drop here to choose a folder first')).toBeTruthy();
    expect(document.body.textContent).not.toContain('folder-42');
  });

  it('enqueues the disk paths of dropped files and skips items without one', async () => {
    const fake = createFakeUploader({ paths: { 'a.mov': '/media/a.mov', 'shoot': '/media/shoot' } });
    await renderApp(fake);

    fireEvent.dragEnter(window, dragData());
    const drop = createEvent.drop(window, dragData([file('a.mov'), file('from-browser.png'), file('shoot')]));
    act(() => {
      fireEvent(window, drop);
    });

    expect(drop.defaultPrevented).toBe(true);
    expect(fake.callsTo('enqueuePaths')).toEqual([{ paths: ['/media/a.mov', '/media/shoot'], parentId: null }]);
    expect(screen.queryByText('Drop to upload')).toBeNull();
    const toasts = await screen.findByRole('region', { name: 'Notifications' });
    expect(within(toasts).getByText('Skipped 1 item that is not on this computer.')).toBeTruthy();
  });

  it('tells the person when nothing dropped is a file on disk', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    act(() => {
      fireEvent.drop(window, dragData([file('from-browser.png'), file('other.png')]));
    });

    expect(fake.callsTo('enqueuePaths')).toEqual([]);
    const toasts = screen.getByRole('region', { name: 'Notifications' });
    expect(within(toasts).getByText(/Those items are not files on this computer/)).toBeTruthy();
  });

  it('never lets the browser navigate to something dragged over the window', async () => {
    const fake = createFakeUploader();
    await renderApp(fake);

    const over = createEvent.dragOver(window, dragData());
    fireEvent(window, over);
    expect(over.defaultPrevented).toBe(true);
  });
});
