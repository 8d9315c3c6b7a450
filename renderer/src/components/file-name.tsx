// A file name as every language and script needs it: its own direction (dir="auto", so a
// Hebrew or Arabic name reads right inside an English window and the reverse), isolated
// from the text around it (<bdi>), and cut in the middle so the end and the extension stay.

import { splitForEllipsis } from '../format/middle-ellipsis';

export function FileName(props: { name: string; className?: string; title?: string }) {
  const { head, tail } = splitForEllipsis(props.name);
  return (
    <bdi dir="auto" className={`file-name ${props.className ?? ''}`} title={props.title}>
      <span className="file-name-head">{head}</span>
      {tail !== '' && <span className="file-name-tail">{tail}</span>}
    </bdi>
  );
}
