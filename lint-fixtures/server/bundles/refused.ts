// Planted violation: the lint run must refuse this import from server/bundles/ (rule: import-x/no-restricted-paths).
import '../db/bundle-keys.repository';
