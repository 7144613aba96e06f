import { MantineProvider } from '@mantine/core';
import { type ReactElement, type ReactNode, createElement, isValidElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ClosureChecklistView } from './components/ClosureChecklistView';
import { checklistFixture } from './closure-fixtures.testing';

// No DOM in this test run (vitest runs in node): the view is rendered to markup, and its
// buttons' handlers are found in the element tree.
const render = (node: ReactNode) => renderToStaticMarkup(createElement(MantineProvider, null, node));
const time = (iso: string) => iso.slice(0, 10);

/** Every element of a rendered function component tree, following props.children. */
function elements(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  const own = [node, ...elements(node.props.children as ReactNode)];
  // Expand our own function components (not Mantine's) to reach their buttons.
  if (typeof node.type === 'function' && (node.type as { name?: string }).name === 'ClosureChecklistView') return [...own, ...elements((node.type as (p: unknown) => ReactNode)(node.props))];
  return own;
}

describe('the closure checklist view', () => {
  it('shows the gap total, the fates, and every gap grouped by kind', () => {
    const html = render(createElement(ClosureChecklistView, { checklist: checklistFixture(), formatTime: time }));
    expect(html).toContain('3 items not accounted for');
    expect(html).toContain('2 egressed · 1 changed since egress · 1 not accounted for');
    expect(html).toContain('data-testid="gap-group-closure.file_unaccounted"');
    expect(html).toContain('scratch/a.tmp is not egressed, retained or discarded');
    expect(html).toContain('Download link still open (1)');
    expect(html).toContain('Inventory of 4 files taken 2030-01-01');
  });

  it('offers Mark on file gaps to whoever may mark, and Waive only to whoever may waive', () => {
    const onMark = vi.fn();
    const onWaive = vi.fn();
    const marker = render(createElement(ClosureChecklistView, { checklist: checklistFixture(), formatTime: time, onMark, onWaive }));
    expect(marker.match(/>Mark</g)).toHaveLength(2);
    expect(marker).not.toContain('>Waive<');
    const programme = checklistFixture({ abilities: { view: true, refreshInventory: true, markFiles: false, waive: true, close: false } });
    const waiver = render(createElement(ClosureChecklistView, { checklist: programme, formatTime: time, onMark, onWaive }));
    expect(waiver).not.toContain('>Mark<');
    expect(waiver.match(/>Waive</g)).toHaveLength(1);
    const reader = render(
      createElement(ClosureChecklistView, {
        checklist: checklistFixture({ abilities: { view: true, refreshInventory: false, markFiles: false, waive: false, close: false } }),
        formatTime: time,
        onMark,
        onWaive,
      }),
    );
    expect(reader).not.toMatch(/>(Mark|Waive)</);
  });

  it('calls back with the gap’s path or the gap itself', () => {
    const onMark = vi.fn();
    const onWaive = vi.fn();
    const checklist = checklistFixture({ abilities: { view: true, refreshInventory: true, markFiles: true, waive: true, close: false } });
    const buttons = elements(createElement(ClosureChecklistView, { checklist, formatTime: time, onMark, onWaive })).filter((e) => typeof e.props.onClick === 'function');
    const byLabel = (label: string) => buttons.filter((b) => b.props.children === label);
    (byLabel('Mark')[0]?.props.onClick as () => void)();
    expect(onMark).toHaveBeenCalledWith('scratch/a.tmp');
    (byLabel('Waive')[0]?.props.onClick as () => void)();
    expect(onWaive).toHaveBeenCalledWith(expect.objectContaining({ code: 'closure.link_open', key: 'link-1' }));
  });

  it('says the project may close when nothing is left, and lists the waivers with their reasons', () => {
    const done = checklistFixture({
      complete: true,
      gaps: [],
      gapCounts: {},
      gapTotal: 0,
      waivers: [{ id: 'w1', code: 'closure.link_open', key: 'link-1', reason: 'Dies tomorrow', by: { id: 'u1', name: 'Grace' }, at: '2030-01-01T12:00:00.000Z' }],
    });
    const html = render(createElement(ClosureChecklistView, { checklist: done, formatTime: time }));
    expect(html).toContain('Everything accounted for');
    expect(html).toContain('No gaps: the project may close.');
    expect(html).toContain('link open · Dies tomorrow — Grace, 2030-01-01');
    const closed = render(createElement(ClosureChecklistView, { checklist: { ...done, projectStatus: 'closed' }, formatTime: time }));
    expect(closed).toContain('Closed with everything accounted for.');
    expect(closed).not.toContain('may close');
  });
});
