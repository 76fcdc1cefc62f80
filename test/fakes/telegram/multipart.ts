// A small multipart/form-data reader, lenient like the real Bot API server (grammY writes
// `content-disposition:form-data;name="x";filename=y` without spaces or quotes, which Node's
// built-in FormData parser refuses).

export interface MultipartPart {
  name: string;
  filename?: string;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2]?.trim();
  if (!mark) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${mark}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const from = start + delimiter.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, from);
    if (next === -1) break;
    const chunk = body.subarray(from + 2, next - 2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = chunk.subarray(0, split).toString('utf8');
      const disposition = /content-disposition\s*:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const param = (key: string) =>
        new RegExp(`;\\s*${key}=(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(disposition);
      const name = param('name');
      const filename = param('filename');
      parts.push({
        name: name?.[1] ?? name?.[2] ?? '',
        ...(filename ? { filename: filename[1] ?? filename[2] ?? '' } : {}),
        data: chunk.subarray(split + 4),
      });
    }
    start = next;
  }
  return parts;
}
