/**
 * Identifiers that are only identifiers in context: dates of birth and person names.
 *
 * A date is a date of birth when the line (or the line before) says so — `dob`, `d.o.b.`,
 * `date of birth`, `birth…`, `born` — or when it sits in a column whose header names a date of
 * birth. A person name is a weak signal, reported only after a salutation (`Mrs Jane Smith`),
 * after a name label (`Name: Jane Smith`, `first_name = "Jane"`, `"given": ["Jane"]`), or in a
 * column whose header names a person's name. A bare date or capitalised word is never reported.
 * The header row may follow title rows; it is not looked for in source code, whose `|` unions
 * and argument lists are not tables.
 *
 * Example: header `child_first_name,dob` then `Ada,10/12/1815` gives `pii.person_name` at
 * column 1 and `pii.date_of_birth` at column 5 of line 2.
 */
import type { HintedLineDetector, LineHints } from '../../engine/line-hints';
import type { Finding, LineDetectorFactory } from '../../engine/types';
import { type ColumnContext, fieldAt, readHeader } from '../../shared/columns';
import { DOB_MESSAGE, isBirthDateValue, isNameValue, NAME_MESSAGE } from '../../shared/column-values';
import { findDateSpan } from '../../shared/dates';
import type { ValueSpan } from '../../shared/finding-spans';
import { isSourceCode } from '../../shared/file-kind';
import { FindingBudget, NO_FINDINGS } from '../../shared/finding-budget';

/**
 * Cheap gate without look-behinds for everything below (birth words, salutations, name labels,
 * header rows); a line without any of these fragments is skipped unless a column or the
 * previous line gives context.
 */
const CONTEXT_HINT = /irth|IRTH|[Dd][Oo][Bb]|\.[Oo]\.[Bb]|[Bb]orn|BORN|M(?:rs?|s|iss|x)\b|Dr\b|Prof|Sir |Dame |ame|AME|iven|IVEN|orename|ORENAME/;
/**
 * `dob`, `d.o.b.`, `DOB`, `birth…` at the start of a word or camelCase part (`dateOfBirth`,
 * `birthDate`, `date_of_birth`), and `born`; not `births` (counts of births are statistics),
 * `childbirth` or a file's `birthtime`.
 */
const DOB_WORD =
  /(?<![A-Za-z])(?:[Dd]\.?[Oo]\.?[Bb]|DOB)(?![A-Za-z])|(?:(?<![A-Za-z])[Bb]|(?<=[a-z])B)irth(?!s(?![a-z])|time)|(?<![A-Za-z])BIRTH(?!S(?![A-Z])|TIME)|(?<![A-Za-z])(?:[Bb]orn|BORN)(?![A-Za-z])/;
/** A line that ends with a date-of-birth label ("Date of birth:"), so the date is on the next line. */
const DOB_LABEL_AT_END = /(?:[Dd]\.?[Oo]\.?[Bb]\.?|DOB|[Bb]irth|BIRTH|[Bb]orn|BORN)[\s:=-]*$/;
/**
 * One adjacent pair from each fragment of CONTEXT_HINT (the rarest one): `ir` of irth, `ob` of
 * dob, `.o` of d.o.b, `rn` of born, `Mr`/`Ms`/`Mx`, `ss` of Miss, `Dr`, `Pr`, `Si`, `am` of
 * ame (and Dame, forename), `iv` of given, and their capitals.
 */
const CONTEXT_PAIRS: LineHints = {
  pairs: [
    ['i', 'r'],
    ['I', 'R'],
    ['Oo', 'Bb'],
    ['.', 'Oo'],
    ['r', 'n'],
    ['R', 'N'],
    ['M', 'rsx'],
    ['s', 's'],
    ['DP', 'r'],
    ['S', 'i'],
    ['a', 'm'],
    ['A', 'M'],
    ['i', 'v'],
    ['I', 'V'],
  ],
};

const NAME_WORD = "[A-ZÀ-Þ][a-zß-ÿ'’\\-]+";
const SALUTATION = new RegExp(`(?<![A-Za-z])(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\\.?[ \\t]+${NAME_WORD}`);
/**
 * The rest of a name after a salutation's first word, for the name's extent only: the rest of
 * that word (`Quarterman-Smyth`) and up to three more capitalised words.
 */
const NAME_TAIL = /[A-Za-zÀ-ÖØ-öø-ÿ'’-]*(?:[ \t]+[A-ZÀ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*){0,3}/y;
const LABEL_HINT = /ame|AME|iven|IVEN|orename|ORENAME/;
const NAME_LABEL = new RegExp(
  '(?<![A-Za-z])(' +
    '(?:[Ff]ull|[Ff]irst|[Ll]ast|[Gg]iven|[Ff]amily|[Mm]aiden|[Mm]iddle|[Pp]atient|[Cc]hild|[Pp]arent|[Pp]referred)[ _-]?[Nn]ames?' +
    '|(?:FULL|FIRST|LAST|GIVEN|FAMILY|MAIDEN|MIDDLE|PATIENT|CHILD|PARENT|PREFERRED)[ _-]?NAMES?' +
    '|[Ss]urnames?|SURNAMES?|[Ff]orenames?|FORENAMES?|given|Name|NAME' +
    `)["']?[ \\t]*[:=][ \\t]*[\\["' \\t]*(${NAME_WORD}(?:[ \\t]${NAME_WORD}){0,3})(?=[ \\t]*(?:["',;\\])}<|]|$))`,
  'g',
);
const NOTHING: { dob?: ValueSpan; name?: ValueSpan } = {};

/** Where on the line a person name follows a salutation or a name label. */
function findLabelledName(text: string): ValueSpan | undefined {
  const s = SALUTATION.exec(text);
  if (s) {
    // The name goes on past its first word (`Mrs Jane Smith`): the span covers all of it.
    NAME_TAIL.lastIndex = s.index + s[0].length;
    NAME_TAIL.test(text);
    return { start: s.index, end: NAME_TAIL.lastIndex };
  }
  if (!LABEL_HINT.test(text)) return undefined;
  NAME_LABEL.lastIndex = 0;
  for (let m = NAME_LABEL.exec(text); m; m = NAME_LABEL.exec(text)) {
    const label = m[1]!;
    const words = m[2]!.split(/[ \t]/).length;
    // A bare "Name:" labels many things ("Name: Build Docs"); ask for a full name after it.
    if ((label === 'Name' || label === 'NAME') && words < 2) continue;
    const start = m.index + m[0].indexOf(m[2]!);
    return { start, end: start + m[2]!.length };
  }
  return undefined;
}

/** Finds dates of birth and person names from their context; keeps the header of delimited files. */
export const contextDetector: LineDetectorFactory = (file, ctx): HintedLineDetector => {
  // Source code has delimited-looking lines (`| "given-name" | …` unions) that are not tables.
  const tabular = !isSourceCode(file);
  const budget = new FindingBudget('pii', ctx.findingsPerRule);
  let columns: ColumnContext | undefined;
  let dobOnPreviousLine = false;

  let dobFull = false;
  let nameFull = false;

  /** Where the first date of birth and person name sit in the context columns. */
  const fromColumns = (text: string, cols: ColumnContext): { dob?: ValueSpan; name?: ValueSpan } => {
    let dob: ValueSpan | undefined;
    let name: ValueSpan | undefined;
    for (let k = 0; k < cols.dobColumns.length && !dobFull; k++) {
      const field = fieldAt(text, cols.delimiter, cols.dobColumns[k]!);
      if (field && isBirthDateValue(field.value)) {
        dob = { start: field.start, end: field.end };
        break;
      }
    }
    for (let k = 0; k < cols.nameColumns.length && !nameFull; k++) {
      const field = fieldAt(text, cols.delimiter, cols.nameColumns[k]!);
      if (field && isNameValue(field.value)) {
        name = { start: field.start, end: field.end };
        break;
      }
    }
    return { dob, name };
  };

  return {
    family: 'pii',
    hints: CONTEXT_PAIRS,
    // Under a header's name or date-of-birth column, and on the line after a `Date of birth:` label.
    everyLine: () => !(dobFull && nameFull) && (columns !== undefined || dobOnPreviousLine),
    line(text: string, lineNo: number): Finding[] {
      if (dobFull && nameFull) return NO_FINDINGS;
      const hinted = CONTEXT_HINT.test(text);
      // A header row names its columns (`first_name`, `DOB`…); it may follow a title row.
      if (!columns && hinted && tabular) {
        columns = readHeader(text);
        if (columns) return NO_FINDINGS;
      }

      let { dob, name } = columns ? fromColumns(text, columns) : NOTHING;
      if (!hinted && !dobOnPreviousLine && !dob && !name) return NO_FINDINGS;
      const hasDobWord = hinted && !dobFull && DOB_WORD.test(text);
      if (!dob && (hasDobWord || (dobOnPreviousLine && !dobFull))) dob = findDateSpan(text);
      dobOnPreviousLine = hasDobWord && !dob && DOB_LABEL_AT_END.test(text);
      if (!name && hinted && !nameFull) name = findLabelledName(text);
      if (!dob && !name) return NO_FINDINGS;

      const out: Finding[] = [];
      if (name) {
        budget.add(out, 'person_name', 'review', NAME_MESSAGE, 'a person name', lineNo, name.start + 1, name);
        nameFull = budget.isFull('person_name');
      }
      if (dob) {
        budget.add(out, 'date_of_birth', 'review', DOB_MESSAGE, 'a date of birth', lineNo, dob.start + 1, dob);
        dobFull = budget.isFull('date_of_birth');
      }
      return out;
    },
    finish: () => budget.finish(),
  };
};
