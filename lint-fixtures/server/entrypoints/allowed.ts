// An import server/entrypoints/ may make: the lint run must accept it.
import '../db/connect';
