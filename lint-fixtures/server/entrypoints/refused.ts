// Planted violation: the lint run must refuse this import from server/entrypoints/ (rule: import-x/no-restricted-paths).
import '../testing/factories';
