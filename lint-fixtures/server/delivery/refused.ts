// Planted violation: the lint run must refuse this import from server/delivery/ (rule: import-x/no-restricted-paths).
import '../db/connect';
