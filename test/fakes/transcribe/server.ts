// A fake OpenAI-compatible transcription server (POST /v1/audio/transcriptions, multipart with a
// `file` and a `model`), as OpenAI, Groq or a local whisper server answer it: { "text": … }.
// It records what arrived; a test scripts the transcript or an HTTP error.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranscriptionRequest {
  model: string;
  filename: string;
  mimeType: string;
  audio: Buffer;
  authorization: string | undefined;
}

export interface FakeTranscriber {
  /** What to give the client as its base URL (…/v1). */
  baseUrl: string;
  requests: TranscriptionRequest[];
  /** The next answers, in order; a number is an HTTP error status. Default: "hello kev". */
  script(...answers: Array<string | number>): void;
  close(): Promise<void>;
}

export async function startFakeTranscriber(): Promise<FakeTranscriber> {
  const requests: TranscriptionRequest[] = [];
  const answers: Array<string | number> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no route"}}');
      return;
    }
    // Node's own multipart parser, the same one fetch uses.
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: Buffer.concat(chunks),
    }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob) || typeof form.get('model') !== 'string') {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"error":{"message":"file and model are required"}}');
      return;
    }
    requests.push({
      model: String(form.get('model')),
      filename: (file as File).name,
      mimeType: file.type,
      audio: Buffer.from(await file.arrayBuffer()),
      authorization: req.headers.authorization,
    });
    const answer = answers.shift() ?? 'hello kev';
    if (typeof answer === 'number') {
      res
        .writeHead(answer, { 'content-type': 'application/json' })
        .end('{"error":{"message":"fake failure"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: answer }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...next) => answers.push(...next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
