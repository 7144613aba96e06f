// An import server/testing/ may make: the lint run must accept it.
import '../db/connect';
