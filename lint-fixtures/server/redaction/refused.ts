// Planted violation: the lint run must refuse this import from server/redaction/ (rule: import-x/no-restricted-paths).
import '../db/connect';
