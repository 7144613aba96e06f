/**
 * Test fixtures: PDFs written as text with a correct cross-reference table (optionally with an
 * incremental update appended), and minimal OLE compound files. Used by the tests only.
 *
 * Example: `simplePdf({ text: 'Hello' })` is a one-page PDF showing "Hello" in Helvetica.
 */

/** Serialises numbered objects (1…n) into a PDF with xref and trailer. */
export function pdfFile(objects: string[], trailer = ''): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Appends an incremental update replacing or adding objects (number → body). */
export function appendUpdate(pdf: Buffer, changes: Record<number, string>, size: number): Buffer {
  const text = pdf.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  let out = text;
  const entries: string[] = [];
  for (const [num, body] of Object.entries(changes)) {
    entries.push(`${num} 1\n${String(Buffer.byteLength(out, 'latin1')).padStart(10, '0')} 00000 n \n`);
    out += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n${entries.join('')}trailer\n<< /Size ${size} /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A content stream object. */
export function stream(content: string, dict = ''): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')} ${dict} >>\nstream\n${content}\nendstream`;
}

/**
 * A one-page PDF: objects 1 Catalog, 2 Pages, 3 Page, 4 contents, 5 font, then `extra` objects
 * numbered from 6. `catalog` and `page` are added inside those dictionaries; `pages` replaces the
 * page tree's /Kids and /Count.
 */
export function simplePdf(opts: { text?: string; catalog?: string; page?: string; pages?: string; extra?: string[]; trailer?: string } = {}): Buffer {
  const text = (opts.text ?? 'Hello world').replace(/[()\\]/g, (c) => `\\${c}`);
  return pdfFile(
    [
      `<< /Type /Catalog /Pages 2 0 R ${opts.catalog ?? ''} >>`,
      `<< /Type /Pages ${opts.pages ?? '/Kids [3 0 R] /Count 1'} >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${opts.page ?? ''} >>`,
      stream(`BT /F1 12 Tf 72 720 Td (${text}) Tj ET`),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      ...(opts.extra ?? []),
    ],
    opts.trailer,
  );
}

const END = 0xfffffffe;

/** A version-3 compound file (512-byte sectors) holding the given streams, each padded to at least 4096 bytes. */
export function cfbFile(streams: Record<string, Buffer>): Buffer {
  const names = Object.keys(streams);
  const data = names.map((n) => {
    const b = streams[n] ?? Buffer.alloc(0);
    return b.length >= 4096 ? b : Buffer.concat([b, Buffer.alloc(4096 - b.length)]);
  });
  const dirSectors = Math.ceil((names.length + 1) / 4);
  const fat: number[] = [0xfffffffd];
  for (let i = 0; i < dirSectors; i++) fat.push(i === dirSectors - 1 ? END : fat.length + 1);
  const starts: number[] = [];
  for (const d of data) {
    const count = Math.ceil(d.length / 512);
    starts.push(fat.length);
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? END : fat.length + 1);
  }
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(1, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END, 0x3c);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  const fatSector = Buffer.alloc(512, 0xff);
  fat.forEach((v, i) => fatSector.writeUInt32LE(v, i * 4));
  const dir = Buffer.alloc(dirSectors * 512, 0);
  const entry = (i: number, name: string, type: number, start: number, size: number) => {
    const at = i * 128;
    dir.write(name, at, 'utf16le');
    dir.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    dir[at + 0x42] = type;
    dir.writeUInt32LE(0xffffffff, at + 0x44);
    dir.writeUInt32LE(0xffffffff, at + 0x48);
    dir.writeUInt32LE(i === 0 && names.length > 0 ? 1 : 0xffffffff, at + 0x4c);
    dir.writeUInt32LE(start, at + 0x74);
    dir.writeUInt32LE(size, at + 0x78);
  };
  entry(0, 'Root Entry', 5, END, 0);
  names.forEach((n, i) => entry(i + 1, n, 2, starts[i] ?? END, data[i]?.length ?? 0));
  const padded = data.map((d) => (d.length % 512 ? Buffer.concat([d, Buffer.alloc(512 - (d.length % 512))]) : d));
  return Buffer.concat([header, fatSector, dir, ...padded]);
}
