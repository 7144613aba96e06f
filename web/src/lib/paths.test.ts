import { describe, expect, it } from 'vitest';
import { paths } from './paths';

describe('paths', () => {
  it('builds each page URL from its route pattern with the ids encoded', () => {
    expect(paths.project('p 1/x')).toBe('/projects/p%201%2Fx');
    expect(paths.projectAudit('p1')).toBe('/projects/p1/audit');
    expect(paths.workPackage('wp1')).toBe('/work-packages/wp1');
    expect(paths.classify('wp1')).toBe('/work-packages/wp1/classify');
    expect(paths.package('pk?1')).toBe('/packages/pk%3F1');
    expect(paths.review('pk1')).toBe('/packages/pk1/review');
    expect(paths.verify()).toBe('/verify');
  });

  it('carries the page to return to on the sign-in URL', () => {
    expect(paths.login()).toBe('/login');
    expect(paths.login('/packages/pk1?tab=files')).toBe('/login?next=%2Fpackages%2Fpk1%3Ftab%3Dfiles');
  });
});
