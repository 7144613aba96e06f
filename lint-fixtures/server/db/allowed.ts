// An import server/db/ may make: the lint run must accept it.
import '../domain/errors';
