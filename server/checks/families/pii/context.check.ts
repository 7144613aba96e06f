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
import { findDate } from '../../shared/dates';
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
const LABEL_HINT = /ame|AME|iven|IVEN|orename|ORENAME/;
const NAME_LABEL = new RegExp(
  '(?<![A-Za-z])(' +
    '(?:[Ff]ull|[Ff]irst|[Ll]ast|[Gg]iven|[Ff]amily|[Mm]aiden|[Mm]iddle|[Pp]atient|[Cc]hild|[Pp]arent|[Pp]referred)[ _-]?[Nn]ames?' +
    '|(?:FULL|FIRST|LAST|GIVEN|FAMILY|MAIDEN|MIDDLE|PATIENT|CHILD|PARENT|PREFERRED)[ _-]?NAMES?' +
    '|[Ss]urnames?|SURNAMES?|[Ff]orenames?|FORENAMES?|given|Name|NAME' +
    `)["']?[ \\t]*[:=][ \\t]*[\\["' \\t]*(${NAME_WORD}(?:[ \\t]${NAME_WORD}){0,3})(?=[ \\t]*(?:["',;\\])}<|]|$))`,
  'g',
);
const NOTHING = { dobAt: -1, nameAt: -1 } as const;

/** Where on the line a person name follows a salutation or a name label, or -1. */
function findLabelledName(text: string): number {
  const s = SALUTATION.exec(text);
  if (s) return s.index;
  if (!LABEL_HINT.test(text)) return -1;
  NAME_LABEL.lastIndex = 0;
  for (let m = NAME_LABEL.exec(text); m; m = NAME_LABEL.exec(text)) {
    const label = m[1]!;
    const words = m[2]!.split(/[ \t]/).length;
    // A bare "Name:" labels many things ("Name: Build Docs"); ask for a full name after it.
    if ((label === 'Name' || label === 'NAME') && words < 2) continue;
    return m.index + m[0].indexOf(m[2]!);
  }
  return -1;
}

/** Finds dates of birth and person names from their context; keeps the header of delimited files. */
export const contextDetector: LineDetectorFactory = (file): HintedLineDetector => {
  // Source code has delimited-looking lines (`| "given-name" | …` unions) that are not tables.
  const tabular = !isSourceCode(file);
  const budget = new FindingBudget('pii');
  let columns: ColumnContext | undefined;
  let dobOnPreviousLine = false;

  let dobFull = false;
  let nameFull = false;

  /** Where the first date of birth and person name sit in the context columns, or -1. */
  const fromColumns = (text: string, cols: ColumnContext): { dobAt: number; nameAt: number } => {
    let dobAt = -1;
    let nameAt = -1;
    for (let k = 0; k < cols.dobColumns.length && !dobFull; k++) {
      const field = fieldAt(text, cols.delimiter, cols.dobColumns[k]!);
      if (field && isBirthDateValue(field.value)) {
        dobAt = field.start;
        break;
      }
    }
    for (let k = 0; k < cols.nameColumns.length && !nameFull; k++) {
      const field = fieldAt(text, cols.delimiter, cols.nameColumns[k]!);
      if (field && isNameValue(field.value)) {
        nameAt = field.start;
        break;
      }
    }
    return { dobAt, nameAt };
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

      let { dobAt, nameAt } = columns ? fromColumns(text, columns) : NOTHING;
      if (!hinted && !dobOnPreviousLine && dobAt < 0 && nameAt < 0) return NO_FINDINGS;
      const hasDobWord = hinted && !dobFull && DOB_WORD.test(text);
      if (dobAt < 0 && (hasDobWord || (dobOnPreviousLine && !dobFull))) dobAt = findDate(text);
      dobOnPreviousLine = hasDobWord && dobAt < 0 && DOB_LABEL_AT_END.test(text);
      if (nameAt < 0 && hinted && !nameFull) nameAt = findLabelledName(text);
      if (dobAt < 0 && nameAt < 0) return NO_FINDINGS;

      const out: Finding[] = [];
      if (nameAt >= 0) {
        budget.add(out, 'person_name', 'review', NAME_MESSAGE, 'a person name', lineNo, nameAt + 1);
        nameFull = budget.isFull('person_name');
      }
      if (dobAt >= 0) {
        budget.add(out, 'date_of_birth', 'review', DOB_MESSAGE, 'a date of birth', lineNo, dobAt + 1);
        dobFull = budget.isFull('date_of_birth');
      }
      return out;
    },
    finish: () => budget.finish(),
  };
};
