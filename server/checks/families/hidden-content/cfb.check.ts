/**
 * OLE compound files: an encrypted DOCX/XLSX/PPTX is stored as a compound file holding
 * `EncryptionInfo` and `EncryptedPackage`, and the 97-2003 binary formats flag their own
 * encryption (Word's FIB `fEncrypted`, Excel's `FILEPASS` record, PowerPoint's
 * `EncryptedSummary`). Encrypted → unreadable "encrypted document"; an unencrypted binary Office
 * file is unreadable too, because its comments, revisions and hidden parts cannot be inspected
 * here and a person has to look.
 *
 * Example: a compound file with an `EncryptedPackage` stream gives
 * `{findings: [], unreadable: 'encrypted document; cannot be inspected'}`.
 */
import type { CheckContext, Extracted, FileInfo, FormatHandler } from '../../engine/types';
import { readCfb } from './cfb-reader';
import type { CfbFile } from './cfb-reader';
import { ENCRYPTED_REASON, guardExtract } from '../../engine/extract-guard';
import { mediaTypesOf } from '../../formats/registry';

const CFB_TYPES = mediaTypesOf('ole-compound');

/** Opens OLE compound files (old binary Office documents, encrypted OOXML). */
export const cfbHandler: FormatHandler = {
  name: 'ole-compound',
  matches: (file: FileInfo) => CFB_TYPES.has(file.mediaType.toLowerCase()),
  extract: (bytes: Buffer, _file: FileInfo, _ctx: CheckContext): Promise<Extracted> =>
    guardExtract(
      'OLE compound document',
      () => ({ findings: [] }),
      async () => {
        const cfb = readCfb(bytes);
        if (isEncrypted(cfb)) return { findings: [], unreadable: ENCRYPTED_REASON };
        return { findings: [], unreadable: `${describeKind(cfb)}: its comments, revisions and hidden content cannot be inspected automatically; check it by hand or convert it to the current format` };
      },
    ),
};

function stream(cfb: CfbFile, name: string) {
  return cfb.entries.find((e) => e.type === 2 && e.name.toLowerCase() === name.toLowerCase());
}

/** True when the compound file is an encrypted OOXML package or an encrypted 97-2003 document. */
export function isEncrypted(cfb: CfbFile): boolean {
  if (stream(cfb, 'EncryptedPackage') || stream(cfb, 'EncryptionInfo') || stream(cfb, 'EncryptedSummary')) return true;
  const word = stream(cfb, 'WordDocument');
  if (word) {
    const fib = cfb.readStream(word, 12);
    if (fib.length >= 12 && (fib.readUInt16LE(0x0a) & 0x0100) !== 0) return true;
  }
  const book = stream(cfb, 'Workbook') ?? stream(cfb, 'Book');
  if (book) return hasFilePass(cfb.readStream(book, 64 * 1024));
  return false;
}

/** Looks through the workbook-globals records (up to their EOF) for FILEPASS (0x002F). */
function hasFilePass(data: Buffer): boolean {
  for (let at = 0, n = 0; at + 4 <= data.length && n < 2000; n++) {
    const type = data.readUInt16LE(at);
    const length = data.readUInt16LE(at + 2);
    if (type === 0x002f) return true;
    if (type === 0x000a) return false;
    at += 4 + length;
  }
  return false;
}

function describeKind(cfb: CfbFile): string {
  if (stream(cfb, 'WordDocument')) return 'legacy binary Word document (.doc)';
  if (stream(cfb, 'Workbook') || stream(cfb, 'Book')) return 'legacy binary Excel workbook (.xls)';
  if (stream(cfb, 'PowerPoint Document')) return 'legacy binary PowerPoint presentation (.ppt)';
  return 'OLE compound file of an unrecognised kind';
}
