import { describe, expect, it } from 'vitest';
import { COMMENT_MAX_LENGTH, checkCommentBody } from './comment-body';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('the rules for what people write', () => {
  it('keeps Markdown, HTML and script as the text written, with line endings normalised', () => {
    const html = '<script>alert(1)</script> <img src=x onerror=alert(1)> **bold**\n\t- item';
    expect(checkCommentBody(html)).toBe(html);
    expect(checkCommentBody('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
    expect(checkCommentBody('é ✓ 表')).toBe('é ✓ 表');
  });

  it('refuses an empty body unless it is optional', () => {
    expect(codeOf(() => checkCommentBody(''))).toBe('comment.empty');
    expect(codeOf(() => checkCommentBody(' \n\t '))).toBe('comment.empty');
    expect(checkCommentBody('  ', { optional: true })).toBe('');
  });

  it('refuses more than 10,000 characters and accepts exactly 10,000', () => {
    expect(checkCommentBody('x'.repeat(COMMENT_MAX_LENGTH))).toHaveLength(COMMENT_MAX_LENGTH);
    expect(codeOf(() => checkCommentBody('x'.repeat(COMMENT_MAX_LENGTH + 1)))).toBe('comment.too_long');
  });

  it.each(['\u0000', '\u0007', '\u000b', '\u000c', '\u001b[31m', '\u007f', '\u0085', '\u009b'])('refuses the control character %j', (c) => {
    expect(codeOf(() => checkCommentBody(`before ${c} after`))).toBe('comment.invalid_characters');
  });
});
