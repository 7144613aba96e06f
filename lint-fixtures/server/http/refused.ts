// Planted violation: the lint run must refuse this import from server/http/ (rule: import-x/no-restricted-paths).
import '../storage/open-blob-store';
