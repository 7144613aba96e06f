/**
 * What every Office Open XML package can lose, whatever the application: document properties
 * (core properties emptied, identifying application properties dropped, custom properties and
 * the saved thumbnail removed) and links to outside the file (linked images, objects, templates,
 * data sources, links to local or network files — the relationships the checks report; ordinary
 * web and mail hyperlinks stay).
 *
 * Example: `docProps/core.xml` with `<dc:creator>Ada</dc:creator>` becomes an empty
 * `<cp:coreProperties …/>`; `docProps/custom.xml` is removed with its relationship.
 */
import { shownPart } from '../../checks/families/hidden-content/part-names';
import type { ChangeLog } from './change-log';
import type { OfficeZip } from './office-zip';
import { readRels, relSources, removePart, removeRels } from './opc';
import type { OpcRelationship } from './opc';
import { attrValue, parseSpans, withoutAttr, XmlEdits } from './xml-edit';

/** The main part (the package's officeDocument relationship). */
export function mainPart(zip: OfficeZip): string | undefined {
  const rel = readRels(zip, '').find((r) => r.short === 'officeDocument' && !r.external);
  return rel ? (zip.nameOf(rel.target) ?? rel.target) : undefined;
}

/** Application properties that name people, organisations, places or templates. */
const APP_DROPPED = new Set(['Company', 'Manager', 'HyperlinkBase', 'Template']);

/** Empties core properties, drops identifying application properties, removes custom properties. */
export function removeOoxmlProperties(zip: OfficeZip, log: ChangeLog): void {
  const root = readRels(zip, '');
  const partFor = (short: string, fallback: string) => {
    const rel = root.find((r) => r.short === short && !r.external);
    return zip.nameOf(rel?.target ?? fallback);
  };
  const core = partFor('core-properties', 'docProps/core.xml');
  const coreXml = core ? zip.text(core) : undefined;
  if (core && coreXml !== undefined) {
    const doc = parseSpans(coreXml, core);
    const props = doc.find('coreProperties')[0];
    if (props && props.children.length > 0) {
      const edits = new XmlEdits(coreXml);
      edits.setInner(props, '');
      zip.setText(core, edits.apply());
      log.add({ part: shownPart(core) }, `removed ${props.children.length} core propert${props.children.length === 1 ? 'y' : 'ies'}`);
    }
  }
  const app = partFor('extended-properties', 'docProps/app.xml');
  const appXml = app ? zip.text(app) : undefined;
  if (app && appXml !== undefined) {
    const doc = parseSpans(appXml, app);
    const props = doc.find('Properties')[0];
    const dropped = props ? props.children.filter((c) => APP_DROPPED.has(c.local)) : [];
    if (dropped.length > 0) {
      const edits = new XmlEdits(appXml);
      for (const el of dropped) edits.remove(el);
      zip.setText(app, edits.apply());
      log.add({ part: shownPart(app) }, `removed ${dropped.map((d) => d.local).join(', ')}`);
    }
  }
  const custom = partFor('custom-properties', 'docProps/custom.xml');
  if (custom) {
    removePart(zip, custom);
    log.add({ part: shownPart(custom) }, 'removed custom properties');
  }
  removeThumbnail(zip, log);
}

/** The saved preview picture shows the document as it was: it goes whenever the content changes. */
export function removeThumbnail(zip: OfficeZip, log: ChangeLog): void {
  for (const rel of readRels(zip, '').filter((r) => r.short === 'thumbnail' && !r.external)) {
    if (!zip.has(rel.target)) continue;
    removePart(zip, rel.target);
    log.add({ part: shownPart(rel.target) }, 'removed the saved preview picture');
  }
}

const FILE_PATH = /^(file:|\\\\|[a-z]:[\\/])/i;

/** Whether the checks report this external relationship (ordinary web and mail links are not). */
function reportedLink(rel: OpcRelationship): boolean {
  if (!rel.external || rel.short === 'externalLinkPath') return false;
  if (rel.short === 'hyperlink') return FILE_PATH.test(rel.target);
  if (rel.short === 'attachedTemplate') return /[\\/]/.test(rel.target);
  return true;
}

/** Relationship-id attributes (any prefix bound to the relationships namespace is spelt `r:` by Office). */
const REL_ID_ATTRS = ['r:id', 'r:link', 'r:embed', 'r:href', 'r:pict', 'r:dm', 'r:lo', 'r:qs', 'r:cs'];

/** Removes the external relationships the checks report, and the references to them in their parts. */
export function removeExternalRelationships(zip: OfficeZip, log: ChangeLog): void {
  for (const source of relSources(zip)) {
    const removed = removeRels(zip, source, reportedLink);
    if (removed.length === 0) continue;
    const ids = new Set(removed.map((r) => r.id));
    const xml = source === '' ? undefined : zip.text(source);
    if (xml !== undefined && /\.xml$/i.test(source)) {
      const doc = parseSpans(xml, source);
      const edits = new XmlEdits(xml);
      const walk = (el: typeof doc.root) => {
        for (const c of el.children) {
          const hits = REL_ID_ATTRS.filter((a) => ids.has(attrValue(c, a) ?? ''));
          // An attached template is only a link: the element goes; elsewhere only the link attribute.
          if (hits.length > 0 && c.local === 'attachedTemplate') edits.remove(c);
          else if (hits.length > 0)
            edits.setAttrs(
              c,
              hits.reduce((attrs, a) => withoutAttr(attrs, a), c.attrs),
            );
          walk(c);
        }
      };
      walk(doc.root);
      if (edits.count > 0) zip.setText(source, edits.apply());
    }
    log.add({ part: shownPart(source || '_rels/.rels') }, `removed ${removed.length} link${removed.length === 1 ? '' : 's'} to outside the file`);
  }
}
