// Planted violation: the lint run must refuse this import from server/reports/ (rule: import-x/no-restricted-paths).
import '../db/projects.repository';
