import { HiddenLine } from './hidden-line.js';

/** Feeds the pieces in order; the last event. */
function type(...pieces: string[]) {
  const line = new HiddenLine();
  let last = line.feed('');
  for (const piece of pieces) {
    last = line.feed(piece);
    if (last.kind !== 'more') return last;
  }
  return last;
}

describe('HiddenLine', () => {
  it('ends a line on Enter (\\r in raw mode), \\n or Ctrl-D', () => {
    expect(type('s', 'e', 'c', 'r', 'e', 't', '\r')).toEqual({ kind: 'done', value: 'secret' });
    expect(type('secret\n')).toEqual({ kind: 'done', value: 'secret' });
    expect(type('secret', '\u0004')).toEqual({ kind: 'done', value: 'secret' });
    expect(type('\r')).toEqual({ kind: 'done', value: '' });
  });

  it('waits for more until the line ends', () => {
    expect(type('secr', 'et')).toEqual({ kind: 'more' });
  });

  it('takes a pasted password with its newline in one piece, and stops at the first newline', () => {
    expect(type('correct horse battery staple\r\nrest')).toEqual({ kind: 'done', value: 'correct horse battery staple' });
  });

  it('removes the last character on Backspace (DEL or ^H), a whole code point, and nothing on an empty line', () => {
    expect(type('ab', '\u007f', 'c\r')).toEqual({ kind: 'done', value: 'ac' });
    expect(type('ab\b\r')).toEqual({ kind: 'done', value: 'a' });
    expect(type('pass😀', '\u007f', '\r')).toEqual({ kind: 'done', value: 'pass' });
    expect(type('\u007f\u007fok\r')).toEqual({ kind: 'done', value: 'ok' });
  });

  it('clears the line on Ctrl-U', () => {
    expect(type('wrong', '\u0015', 'right\r')).toEqual({ kind: 'done', value: 'right' });
  });

  it('cancels on Ctrl-C, whatever was typed', () => {
    expect(type('secret', '\u0003')).toEqual({ kind: 'cancelled' });
  });

  it('ignores escape sequences (arrow keys) and other control characters', () => {
    expect(type('se', '\u001b[D', '\u001b[A', 'c\t\u0007ret\r')).toEqual({ kind: 'done', value: 'secret' });
  });

  it('keeps spaces and non-ASCII characters as typed', () => {
    expect(type(' mot de passe é \r')).toEqual({ kind: 'done', value: ' mot de passe é ' });
  });
});
