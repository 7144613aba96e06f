export * from './classification.workflow';
export * from './mermaid';
export * from './project.workflow';
export * from './package.workflow';
