// An import server/storage/ may make: the lint run must accept it.
import '../ports/blob-store';
