// An import server/delivery/ may make: the lint run must accept it.
import '../storage/hashing';
