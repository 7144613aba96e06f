import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../components/ui/Markdown';
import { parseMarkdown, safeHref } from './markdown';

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe('comment Markdown', () => {
  it('shows a script tag as text, never as an element', () => {
    const html = render('Look <script>alert(1)</script> here');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows an image with an onerror handler as text', () => {
    const html = render('<img src=x onerror="alert(1)">');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('keeps HTML inside code, emphasis and link words as text', () => {
    const html = render('`<b>x</b>` **<i>y</i>** [<svg onload=1>](https://example.org)');
    expect(html).not.toMatch(/<(b|i|svg)[ >]/);
    expect(html).toContain('<code>&lt;b&gt;x&lt;/b&gt;</code>');
    expect(html).toContain('<a href="https://example.org/" target="_blank" rel="noopener noreferrer nofollow">&lt;svg onload=1&gt;</a>');
  });

  it('makes links of http and https addresses only', () => {
    expect(safeHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeHref('http://example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', '/relative', '//evil.example', 'vbscript:x']) expect(safeHref(bad)).toBeNull();
    const html = render('[click](javascript:alert(1))');
    expect(html).not.toContain('<a');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('click');
  });

  it('renders paragraphs, line breaks, emphasis, code, lists and code blocks', () => {
    const html = render('Row **C** has *5*\nsee `t1.csv`\n\n- first\n- second\n\n1. one\n2. two\n\n```\n<raw>\n```');
    expect(html).toContain('Row <strong>C</strong> has <em>5</em><br/>see <code>t1.csv</code>');
    expect(html).toContain('<ul style="margin:0 0 0.5em;padding-left:1.4em"><li>first</li><li>second</li></ul>');
    expect(html).toContain('<li>one</li><li>two</li></ol>');
    expect(html).toContain('<pre style="margin:0 0 0.5em;white-space:pre-wrap;word-break:break-word"><code>&lt;raw&gt;</code></pre>');
  });

  it('leaves snake_case names, dunder names and lone markers alone', () => {
    for (const text of ['admissions_by_age and 2 * 3', 'window.__pwned = 1 and window.__pwned = 2', 'a * b * c']) {
      expect(parseMarkdown(text)).toEqual([{ type: 'paragraph', lines: [[{ type: 'text', text }]] }]);
    }
    expect(render('__bold__ and _it_ and **b** and *i*')).toContain('<strong>bold</strong> and <em>it</em> and <strong>b</strong> and <em>i</em>');
  });
});
