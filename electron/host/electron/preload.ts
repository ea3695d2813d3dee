/** The preload: exposes only the bridge of preload-bridge.ts as `window.dbw`. */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { methods } from '../../../shared/contract';
import { createBridge } from './preload-bridge';

contextBridge.exposeInMainWorld(
  'dbw',
  createBridge(ipcRenderer, methods, (file) => webUtils.getPathForFile(file as File)),
);
