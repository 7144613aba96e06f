// An import server/bundles/ may make: the lint run must accept it.
import '../storage/hashing';
