/** Renders a transition table as a Mermaid state diagram (used for README and docs). */
export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
}

export function toMermaid(edges: readonly DiagramEdge[], start: string): string {
  const merged = new Map<string, string[]>();
  for (const e of edges) {
    const key = `${e.from}|${e.to}`;
    const labels = merged.get(key) ?? [];
    if (!labels.includes(e.label)) labels.push(e.label);
    merged.set(key, labels);
  }
  const lines = ['stateDiagram-v2', `  [*] --> ${start}`];
  for (const [key, labels] of merged) {
    const [from, to] = key.split('|');
    lines.push(`  ${from} --> ${to}: ${labels.join(' / ')}`);
  }
  return lines.join('\n');
}
