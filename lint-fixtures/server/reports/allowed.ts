// An import server/reports/ may make: the lint run must accept it.
import '../domain/closure/closure-report';
