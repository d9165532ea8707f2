import AdmZip from 'adm-zip';
import { colorIcon, outlineIcon } from './icons';
import { buildManifest, PLACEHOLDER_BOT_ID, PLACEHOLDER_DOMAIN, type ManifestSettings } from './manifest';
import { encodePng } from './png';

export interface AppPackage {
  manifest: Record<string, unknown>;
  zip: Buffer;
  /** What still stands in for real values: upload such a package only to look at it. */
  placeholders: string[];
}

/** The Teams app package: manifest.json and the two icons at the root of a zip. */
export function buildAppPackage(templateFolder: string, settings: ManifestSettings): AppPackage {
  const manifest = buildManifest(templateFolder, settings);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.addFile('color.png', encodePng(colorIcon(192)));
  zip.addFile('outline.png', encodePng(outlineIcon(32)));
  const placeholders = [
    ...((settings.botId ?? PLACEHOLDER_BOT_ID) === PLACEHOLDER_BOT_ID ? [`bot id ${PLACEHOLDER_BOT_ID} (set MicrosoftAppId)`] : []),
    ...((settings.domain ?? PLACEHOLDER_DOMAIN) === PLACEHOLDER_DOMAIN ? [`domain ${PLACEHOLDER_DOMAIN} (pass --domain=<host>)`] : []),
  ];
  return { manifest, zip: zip.toBuffer(), placeholders };
}
