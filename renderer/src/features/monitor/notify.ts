/**
 * Desktop notifications for alerts. The renderer uses the web Notification API in both hosts:
 * in Electron it shows a native notification (Electron routes the renderer's HTML5 Notification
 * to the OS: https://www.electronjs.org/docs/latest/tutorial/notifications), in browser mode the
 * browser's own. Every alert also shows in the app (toast and banner), notifications or not.
 */
import type { AlertEvent } from '../../../../shared/contract/monitor';
import { useUi } from '../../app/ui.store';

/** The notification permission, or 'unsupported'. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission (must run from a click). */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** Tells the user about an alert event: a toast always, a desktop notification when allowed. */
export function notifyAlert(e: AlertEvent): void {
  const title = e.state === 'firing' ? `Alert: ${e.ruleId} (${e.severity})` : `Resolved: ${e.ruleId}`;
  useUi.getState().toast(e.state === 'firing' ? 'error' : 'info', `${title} — ${e.message}`);
  if (notificationPermission() === 'granted') {
    new Notification(title, { body: e.message, tag: `dbw-${e.ruleId}`, requireInteraction: e.state === 'firing' && e.severity === 'critical' });
  }
}
