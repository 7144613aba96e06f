import { describe, expect, it } from 'vitest';
import { commandForKey, isTyping, SHORTCUTS, type TypingTarget } from './workbench-keys';

const element = (tagName: string, attributes: Record<string, string> = {}, isContentEditable = false): TypingTarget => ({
  tagName,
  isContentEditable,
  getAttribute: (name) => attributes[name] ?? null,
});
const body = element('BODY');

describe('workbench keyboard', () => {
  it('maps j, k and the arrows to moving between files, and a, c, x, ? to their commands', () => {
    expect(commandForKey({ key: 'j', target: body })).toBe('next');
    expect(commandForKey({ key: 'ArrowDown', target: body })).toBe('next');
    expect(commandForKey({ key: 'k', target: body })).toBe('previous');
    expect(commandForKey({ key: 'ArrowUp', target: body })).toBe('previous');
    expect(commandForKey({ key: 'a', target: body })).toBe('approve');
    expect(commandForKey({ key: 'c', target: body })).toBe('request_changes');
    expect(commandForKey({ key: 'x', target: body })).toBe('must_not_leave');
    expect(commandForKey({ key: '?', target: body })).toBe('help');
    expect(commandForKey({ key: 'a', target: element('BUTTON') })).toBe('approve');
  });

  it('never fires while the reviewer types in an input, a text area, a select or an editable element', () => {
    for (const target of [element('INPUT'), element('textarea'), element('SELECT'), element('DIV', {}, true), element('DIV', { role: 'textbox' }), element('INPUT', { role: 'combobox' })]) {
      expect(isTyping(target)).toBe(true);
      for (const key of ['j', 'k', 'a', 'c', 'x', '?', 'ArrowDown']) expect(commandForKey({ key, target })).toBeNull();
    }
  });

  it('still acts on a radio button or checkbox (the list filter), which is pressed, not typed in', () => {
    expect(commandForKey({ key: 'j', target: element('INPUT', { type: 'radio' }) })).toBe('next');
    expect(commandForKey({ key: 'a', target: element('INPUT', { type: 'checkbox' }) })).toBe('approve');
    expect(commandForKey({ key: 'a', target: element('INPUT', { type: 'text' }) })).toBeNull();
  });

  it('leaves modified keys and other keys to the browser', () => {
    expect(commandForKey({ key: 'a', ctrlKey: true, target: body })).toBeNull();
    expect(commandForKey({ key: 'c', metaKey: true, target: body })).toBeNull();
    expect(commandForKey({ key: 'x', altKey: true, target: body })).toBeNull();
    expect(commandForKey({ key: 'A', target: body })).toBeNull();
    expect(commandForKey({ key: 'Enter', target: body })).toBeNull();
    expect(commandForKey({ key: 'j', target: null })).toBe('next');
  });

  it('lists a shortcut for every command the keys reach', () => {
    expect(SHORTCUTS.flatMap((s) => s.keys)).toEqual(['j', '↓', 'k', '↑', 'a', 'c', 'x', '?']);
  });
});
