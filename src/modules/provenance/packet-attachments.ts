/**
 * The packet PDF's embedded attachments (contracts.md §6): `licheng-packet.json` (the manifest), each
 * item's original files `item-<position>-<k>.<ext>`, its certification credential
 * `item-<position>.vc.jwt` and receipt credential `item-<position>.receipt.vc.jwt`. The writer is the one
 * the packet builder uses; the reader walks the EmbeddedFiles name tree at the low level (works for a
 * PDF from any producer, pdf-lib or not).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFStream,
  PDFString,
} from 'pdf-lib';

export const PACKET_MANIFEST = 'licheng-packet.json';
export const PACKET_FORMAT = 'licheng-packet/1';

export interface PacketFile {
  attachment: string;
  sha256: string;
  size: number;
  mime: string;
}
export interface PacketItem {
  position: number;
  code: string;
  title: string;
  source: 'repository' | 'selfMade' | 'text';
  credential?: string;
  receiptCredential?: string;
  files: PacketFile[];
}
export interface PacketManifest {
  format: typeof PACKET_FORMAT;
  packetId: string;
  builtAt: string;
  student: { name: string };
  programme: {
    admissionYear: number;
    channel: string;
    code: string;
    universityName: string;
    programmeName: string;
  };
  items: PacketItem[];
}

export const fileAttachmentName = (position: number, k: number, ext: string) =>
  `item-${position}-${k}.${ext.replace(/^\./, '')}`;
export const credentialAttachmentName = (position: number) => `item-${position}.vc.jwt`;
export const receiptAttachmentName = (position: number) => `item-${position}.receipt.vc.jwt`;

/** Anything with pdf-lib's `attach` (pdf-lib or @cantoo/pdf-lib documents). */
export interface Attachable {
  attach(
    bytes: Uint8Array | string | ArrayBuffer,
    name: string,
    options?: { mimeType?: string; description?: string; creationDate?: Date; modificationDate?: Date },
  ): Promise<void> | void;
}

/**
 * Embeds the manifest and the attachments (name → bytes) into the document; every name the manifest
 * refers to must be given. Call before `save()`.
 */
export async function writePacketAttachments(
  pdfDoc: Attachable,
  manifest: PacketManifest,
  attachments: Map<string, Uint8Array> | Record<string, Uint8Array>,
) {
  const byName = attachments instanceof Map ? attachments : new Map(Object.entries(attachments));
  const mimeOf = new Map<string, string>();
  for (const item of manifest.items) {
    for (const f of item.files) mimeOf.set(f.attachment, f.mime);
    for (const c of [item.credential, item.receiptCredential]) if (c) mimeOf.set(c, 'application/vc+jwt');
  }
  for (const name of mimeOf.keys()) {
    if (!byName.has(name)) throw new Error(`attachment missing: ${name}`);
  }
  const when = new Date(manifest.builtAt);
  await pdfDoc.attach(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), PACKET_MANIFEST, {
    mimeType: 'application/json',
    description: 'Licheng packet manifest',
    creationDate: when,
    modificationDate: when,
  });
  for (const [name, bytes] of byName) {
    await pdfDoc.attach(bytes, name, {
      mimeType: mimeOf.get(name) ?? 'application/octet-stream',
      creationDate: when,
      modificationDate: when,
    });
  }
}

const text = (o: unknown) =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;

/** Every embedded file of the PDF by name (bytes decoded). Throws when the PDF cannot be parsed. */
export async function readPacketAttachments(pdfBytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false, ignoreEncryption: true });
  const out = new Map<string, Uint8Array>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const root = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const seen = new Set<PDFDict>();
  const walk = (node: PDFDict | undefined) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const leaves = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; leaves && i + 1 < leaves.size(); i += 2) {
      const key = text(leaves.lookup(i));
      const spec = leaves.lookup(i + 1);
      if (!(spec instanceof PDFDict)) continue;
      const name = text(spec.lookup(PDFName.of('UF'))) ?? text(spec.lookup(PDFName.of('F'))) ?? key;
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
      const stream = ef?.lookup(PDFName.of('F')) ?? ef?.lookup(PDFName.of('UF'));
      if (!name || !(stream instanceof PDFStream)) continue;
      const bytes =
        stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
      if (out.has(name)) throw new Error(`attachment named twice: ${name}`);
      out.set(name, bytes);
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) walk(kid);
    }
  };
  walk(root);
  return out;
}
