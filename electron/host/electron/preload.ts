/** The preload: exposes only `window.dbw.invoke` and `window.dbw.subscribe` (see preload-bridge). */
import { contextBridge, ipcRenderer } from 'electron';
import { methods } from '../../../shared/contract';
import { createBridge } from './preload-bridge';

contextBridge.exposeInMainWorld('dbw', createBridge(ipcRenderer, methods));
