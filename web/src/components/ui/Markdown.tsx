/**
 * Renders a comment's Markdown (lib/markdown.ts) as React elements: no HTML from the text ever
 * reaches the page, since every piece of text is a React text node. Links open in a new tab
 * without the opener.
 */
import { Fragment, type ReactNode } from 'react';
import { type BlockNode, type InlineNode, parseMarkdown } from '../../lib/markdown';

function inline(nodes: InlineNode[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return <Fragment key={i}>{node.text}</Fragment>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return <strong key={i}>{inline(node.children)}</strong>;
      case 'em':
        return <em key={i}>{inline(node.children)}</em>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(node.children)}
          </a>
        );
    }
  });
}

function block(node: BlockNode, key: number): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return (
        <p key={key} style={{ margin: '0 0 0.5em' }}>
          {node.lines.map((line, i) => (
            <Fragment key={i}>
              {i > 0 && <br />}
              {inline(line)}
            </Fragment>
          ))}
        </p>
      );
    case 'list': {
      const List = node.ordered ? 'ol' : 'ul';
      return (
        <List key={key} style={{ margin: '0 0 0.5em', paddingLeft: '1.4em' }}>
          {node.items.map((item, i) => (
            <li key={i}>{inline(item)}</li>
          ))}
        </List>
      );
    }
    case 'code':
      return (
        <pre key={key} style={{ margin: '0 0 0.5em', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          <code>{node.text}</code>
        </pre>
      );
  }
}

/** A Markdown text as safe React elements. */
export function Markdown({ source }: { source: string }) {
  return <div data-markdown="">{parseMarkdown(source).map(block)}</div>;
}
