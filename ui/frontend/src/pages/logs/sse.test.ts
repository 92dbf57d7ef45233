import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('the event-stream parser', () => {
  it('reads named events and skips comments', () => {
    const parser = new SseParser();
    expect(parser.push(':tailing\n\nevent:log\ndata:{"id":"1"}\n\n')).toEqual([{ event: 'log', data: '{"id":"1"}' }]);
  });

  it('joins events split across chunks anywhere, CRLF included', () => {
    const parser = new SseParser();
    const text = 'event: log\r\ndata: {"a":1}\r\n\r\nevent:log\ndata:x\ndata:y\n\n';
    const events = [];
    for (const ch of text) events.push(...parser.push(ch));
    expect(events).toEqual([{ event: 'log', data: '{"a":1}' }, { event: 'log', data: 'x\ny' }]);
  });

  it('names an unnamed event "message" and ignores one without data', () => {
    const parser = new SseParser();
    expect(parser.push('data:hello\n\nevent:log\n\n')).toEqual([{ event: 'message', data: 'hello' }]);
  });
});
