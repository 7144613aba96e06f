export * from './audit.contract';
export * from './common.contract';
export * from './projects.contract';
export * from './question-sets.contract';
export * from './tier-policy.contract';
export * from './users.contract';
export * from './work-packages.contract';
export * from './waiting.contract';
