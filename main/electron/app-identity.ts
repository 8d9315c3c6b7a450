// Who the app is to the OS. APP_ID is electron-builder.yml's `appId` (the packaging test
// keeps the two equal): the NSIS installer gives the Start-menu shortcut this
// AppUserModelID, and Windows shows a toast (and routes its click) only for the id of a
// shortcut it knows — so the running app must claim the same one.

export const APP_ID = 'com.nomad-media.uploader';

export const PRODUCT_NAME = 'Nomad Uploader';

/**
 * The AppUserModelID to claim on Windows. A development run (`electron .`) has no shortcut
 * carrying APP_ID; there the executable's own path is the id Windows can resolve.
 */
export function appUserModelId(options: { isPackaged: boolean; execPath: string }): string {
  return options.isPackaged ? APP_ID : options.execPath;
}
