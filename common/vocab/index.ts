export * from './roles';
export * from './statuses';
export * from './tiers';
export * from './destinations';
export * from './findings';
export * from './token-scopes';
export * from './review';
export * from './release';
