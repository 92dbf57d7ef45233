// The live tail: Server-Sent Events read through fetch() rather than EventSource, so the request carries
// X-Requested-With (a 401 then comes without a Basic challenge and the browser never prompts) and a
// failure answers with the API's problem document.
import { problemOf } from '../../api';

export interface SseEvent {
  event: string;
  data: string;
}

/** Incremental parser of an event stream (WHATWG HTML §9.2): feed it text as it arrives. */
export class SseParser {
  private pending = '';
  private event = '';
  private data: string[] = [];

  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    this.pending += text;
    let start = 0;
    for (;;) {
      const lf = this.pending.indexOf('\n', start);
      const cr = this.pending.indexOf('\r', start);
      let end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (end < 0) break;
      // a CR at the very end may be the first half of CRLF: wait for more
      if (end === cr && cr === this.pending.length - 1) break;
      const line = this.pending.slice(start, end);
      start = end + (this.pending[end] === '\r' && this.pending[end + 1] === '\n' ? 2 : 1);
      this.line(line, out);
    }
    this.pending = this.pending.slice(start);
    return out;
  }

  private line(line: string, out: SseEvent[]) {
    if (line === '') {
      if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // a comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

/**
 * Reads an SSE endpoint until it ends or `signal` aborts. `onOpen` runs once the hub answered (the tail
 * then reads from the stream's newest line on); `onEvent` runs per event. Rejects with an ApiError when
 * the hub refuses.
 */
export async function readEvents(url: string, signal: AbortSignal, onOpen: () => void,
                                 onEvent: (event: SseEvent) => void): Promise<void> {
  const response = await fetch(url, {
    headers: { Accept: 'text/event-stream', 'X-Requested-With': 'XMLHttpRequest' },
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (!response.ok || !response.body) throw await problemOf(response);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const event of parser.push(value)) onEvent(event);
    }
  } finally {
    reader.releaseLock();
  }
}
