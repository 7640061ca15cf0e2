/** What a piece of typed input did to a hidden line. */
export type HiddenLineEvent = { kind: 'more' } | { kind: 'done'; value: string } | { kind: 'cancelled' };

const MORE: HiddenLineEvent = { kind: 'more' };

/**
 * The line editing a terminal does itself when it echoes, for a line typed with echo off (raw
 * mode): Enter or Ctrl-D ends it, Backspace removes the last character (a whole code point),
 * Ctrl-U clears it, Ctrl-C cancels; other control characters and escape sequences (arrow and
 * function keys, which a terminal sends as one piece) are ignored. Pasted text may arrive in one
 * piece with its newline.
 */
export class HiddenLine {
  private chars: string[] = [];

  feed(text: string): HiddenLineEvent {
    if (text.startsWith('\u001b')) return MORE;
    for (const ch of text) {
      switch (ch) {
        case '\r':
        case '\n':
        case '\u0004':
          return { kind: 'done', value: this.chars.join('') };
        case '\u0003':
          return { kind: 'cancelled' };
        case '\u007f':
        case '\b':
          this.chars.pop();
          break;
        case '\u0015':
          this.chars = [];
          break;
        default:
          if (ch >= ' ') this.chars.push(ch);
      }
    }
    return MORE;
  }
}
