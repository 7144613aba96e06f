import { MantineProvider } from '@mantine/core';
import { type ReactElement, type ReactNode, createElement, isValidElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { PageErrorBoundary, PageErrorFallback, pageErrorDetail } from './PageErrorBoundary';

// No DOM in this test run (vitest runs in node, without jsdom): the boundary's parts are checked
// directly, and what it shows is rendered to markup.
const render = (node: ReactNode) => renderToStaticMarkup(createElement(MantineProvider, null, node));

/** Every element in a tree of elements (props.children followed down). */
function elements(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement<Record<string, unknown>>(node)) return [];
  return [node, ...elements(node.props.children as ReactNode)];
}

/** The boundary as React holds it after a child threw `error`. */
function boundaryAfter(error: unknown, onReload = () => undefined) {
  const boundary = new PageErrorBoundary({ children: createElement('p', null, 'the page'), onReload });
  boundary.state = PageErrorBoundary.getDerivedStateFromError(error);
  return boundary;
}

describe('the error boundary around each page', () => {
  it('shows the page itself while nothing has gone wrong', () => {
    const boundary = new PageErrorBoundary({ children: createElement('p', null, 'the page') });
    expect(render(boundary.render())).toMatch(/<\/style><p>the page<\/p>$/);
    expect(render(boundary.render())).not.toContain('role="alert"');
  });

  it('shows a readable error with the failure and a Reload button once a page has thrown', () => {
    const html = render(boundaryAfter(new TypeError("Cannot read properties of undefined (reading 'files')")).render());
    expect(html).not.toContain('the page');
    expect(html).toContain('role="alert"');
    expect(html).toContain('This page could not be shown');
    expect(html).toContain('Details: Cannot read properties of undefined (reading &#x27;files&#x27;)');
    expect(html).toMatch(/<button[^>]*>.*Reload.*<\/button>/s);
  });

  it('still shows the error when something other than an Error was thrown', () => {
    expect(render(boundaryAfter(undefined).render())).toContain('This page could not be shown');
    expect(render(boundaryAfter(null).render())).toContain('Reload');
  });

  it('reloads through the Reload button', () => {
    const onReload = vi.fn();
    const button = elements(PageErrorFallback({ error: new Error('x'), onReload })).find((e) => e.props.children === 'Reload');
    expect(button?.props.onClick).toBe(onReload);
  });

  it("words the details with the error's own message, the server's for a failed request", () => {
    expect(pageErrorDetail(new ApiError('package.not_found', 'No such package.', 404))).toBe('No such package.');
    expect(pageErrorDetail('plain text')).toBe('plain text');
    expect(pageErrorDetail(new Error(''))).toBeNull();
    expect(pageErrorDetail({ weird: true })).toBeNull();
  });
});
