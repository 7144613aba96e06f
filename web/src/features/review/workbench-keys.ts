/**
 * The workbench's keyboard (pure, no React): j / ArrowDown next file, k / ArrowUp previous,
 * a approve, c request changes, x must not leave, ? the list of shortcuts. A key never acts
 * while the reviewer types (an input, a text area, a select, anything editable) or holds a
 * modifier (Ctrl/⌘/Alt shortcuts belong to the browser).
 *
 * Example: `commandForKey({ key: 'j', target: document.body })` → `'next'`;
 * `commandForKey({ key: 'a', target: textarea })` → `null`.
 */

export const WORKBENCH_COMMANDS = ['next', 'previous', 'approve', 'request_changes', 'must_not_leave', 'help'] as const;
export type WorkbenchCommand = (typeof WORKBENCH_COMMANDS)[number];

const KEYS: Record<string, WorkbenchCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  a: 'approve',
  c: 'request_changes',
  x: 'must_not_leave',
  '?': 'help',
};

/** The shortcuts as the help dialog lists them. */
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['j', '↓'], does: 'Next file' },
  { keys: ['k', '↑'], does: 'Previous file' },
  { keys: ['a'], does: 'Approve this file' },
  { keys: ['c'], does: 'Request changes (choose a reason, add a note)' },
  { keys: ['x'], does: 'Must not leave: the file stays inside (choose a reason)' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** What a key event needs to be judged: the key, the modifiers and where it was typed. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: TypingTarget | null;
}

export interface TypingTarget {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Inputs that are pressed, not typed in: the filter's radio buttons must not swallow j and k. */
const PRESSED_INPUTS = new Set(['radio', 'checkbox', 'button', 'submit', 'reset']);
const TYPING_ROLES = new Set(['textbox', 'combobox', 'searchbox', 'listbox', 'option']);

/** True when the key went to a place where the reviewer types or picks. */
export function isTyping(target: TypingTarget | null | undefined): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'INPUT' && PRESSED_INPUTS.has((target.getAttribute?.('type') ?? '').toLowerCase())) return false;
  if (tag && TYPING_TAGS.has(tag)) return true;
  const role = target.getAttribute?.('role');
  return role !== null && role !== undefined && TYPING_ROLES.has(role);
}

/** The workbench command of a key press, or null when the key is not one or must not act here. */
export function commandForKey(input: KeyInput): WorkbenchCommand | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (isTyping(input.target)) return null;
  return KEYS[input.key] ?? null;
}
