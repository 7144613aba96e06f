// An import server/policies/ may make: the lint run must accept it.
import '../domain/errors';
