// Planted violation: the lint run must refuse this import from server/config/ (rule: import-x/no-restricted-paths).
import '../db/connect';
