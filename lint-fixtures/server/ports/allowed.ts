// An import server/ports/ may make: the lint run must accept it.
import './blob-store';
