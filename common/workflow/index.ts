export * from './classification.workflow';
export * from './mermaid';
