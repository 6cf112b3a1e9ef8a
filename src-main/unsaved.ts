/**
 * Closing (or reloading) a window whose page has unsaved edits: the page's beforeunload holds the unload, and
 * main shows this question. Button 0 lets the page go; anything else (Cancel, Escape) keeps it.
 */

/** The part of Electron's MessageBoxSyncOptions used here. */
export interface LeaveQuestion {
  type: 'warning';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  message: string;
  detail: string;
}

export function confirmLeave(): LeaveQuestion {
  return {
    type: 'warning',
    buttons: ['Close without saving', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'The notebook has unsaved changes.',
    detail: 'Cancel, then save with File → Save (Ctrl/⌘+S), to keep them.',
  };
}
