// A glyph for the kind of file, from its extension: enough to scan a long queue by eye.

import { Icon, type IconName } from './icons';

const KINDS: Record<string, { icon: IconName; kind: string }> = {};
const add = (icon: IconName, kind: string, exts: string) => {
  for (const ext of exts.split(' ')) KINDS[ext] = { icon, kind };
};
add('file-video', 'video', 'mov mp4 m4v mxf avi mkv webm mpg mpeg mts m2ts r3d braw prores wmv flv 3gp');
add('file-image', 'image', 'jpg jpeg png gif tif tiff heic heif webp bmp raw cr2 cr3 nef arw dng psd exr svg');
add('file-audio', 'audio', 'wav mp3 aac m4a flac aif aiff ogg opus wma');
add('file-archive', 'archive', 'zip tar gz tgz 7z rar bz2 xz');
add('file-text', 'document', 'pdf doc docx txt rtf md srt vtt scc xml json csv xls xlsx ppt pptx');

export function FileIcon(props: { name: string }) {
  const dot = props.name.lastIndexOf('.');
  const ext = dot >= 0 ? props.name.slice(dot + 1).toLowerCase() : '';
  const match = KINDS[ext] ?? { icon: 'file' as const, kind: 'other' };
  return (
    <span className={`file-icon kind-${match.kind}`}>
      <Icon name={match.icon} size={18} />
    </span>
  );
}
